## After submission: notices to the applicant, reasons, the SMS check, filing numbers
## (dialogs/lifecycle.py, bot/workflow.py, bot/render/notices.py).

lifecycle-not-allowed = You cannot “{ $action }”.
lifecycle-wrong-status = The filing is “{ $status }”; “{ $action }” is not possible now.
lifecycle-reasons-required = Please choose at least one reason.
lifecycle-unknown-reason = There is no reason template “{ $code }”.
lifecycle-numbers-required = Please give the subject filing number.
lifecycle-changed = Filing { $number } changed after you opened it; open it again, then decide.
lifecycle-unknown-target = This filing has no “{ $target }”.
lifecycle-photos-missing = Not all verification photos are in yet, so the check cannot be done.

action-submit = submit
action-withdraw = withdraw
action-approve = approve the initial review
action-reject = reject the initial review
action-verify_pass = pass the authenticity check
action-verify_fail = fail the authenticity check
action-to_authority = submit to the authority
action-sms_done = complete the SMS verification
action-sms_expire = expire the SMS verification
action-authority_approve = record the authority's approval
action-authority_reject = record the authority's rejection

event-withdraw = Withdrawn by the applicant
event-resubmitted = Corrected and submitted again
event-approve = Initial review passed
event-reject = Returned by the initial review
event-verify_pass = Authenticity check passed
event-verify_fail = Authenticity check failed
event-to_authority = Submitted to the authority; SMS verification opened
event-sms_done = SMS verification complete; under authority review
event-sms_expire = SMS verification expired
event-authority_approve = Approved by the authority; filing numbers issued
event-authority_reject = Returned by the authority
event-sms_confirmed = A person in charge completed the SMS verification
event-verification_photo = Verification photo sent

## Notices (each starts with the filing number and site name)
notice-submitted = ✅ <b>{ $title }</b> — submitted for initial review.
    A reviewer usually finishes it within <b>1 working day</b>; you will hear the result here. Send /status at any time to see where it stands.
notice-withdrawn = <b>{ $title }</b> — withdrawn. The filing is a draft again: change what you need and submit it again.
notice-approved_initial = ✅ <b>{ $title }</b> — the initial review passed.
notice-rejected_initial = ❌ <b>{ $title }</b> — the initial review returned it ({ $count ->
    [one] 1 item
   *[other] { $count } items
} to change)
notice-rejected_authority = ❌ <b>{ $title }</b> — the authority returned it ({ $count ->
    [one] 1 item
   *[other] { $count } items
} to change)
notice-correct-hint = Tap “Correct” to answer only the items above again; everything else stays as it is.
notice-verified = ✅ <b>{ $title }</b> — the authenticity check passed; the provider will submit it to the authority.
notice-verify_failed = ❌ <b>{ $title }</b> — the verification photo did not pass; please take it again as described below.
notice-sms_opened = ⏳ <b>{ $title }</b> — submitted to the authority. Complete the MIIT SMS verification within { $window }.
notice-sms_done = ✅ <b>{ $title }</b> — SMS verification complete; the authority is reviewing the filing.
notice-sms_done-days = The authority usually takes at most { $days } working days; you will hear the result here.
notice-sms_expired = ❌ <b>{ $title }</b> — the SMS verification expired, so this submission did not go through.
    Tap “Continue the filing” to check your answers and submit again; after the authority submission, complete the SMS verification within { $window }.
notice-approved = ✅ <b>{ $title }</b> — the filing is approved!
btn-correct = Correct

reason-line = • <b>{ $label }</b>: { $reason }
    How to fix: { $fix }
reason-note = Reviewer's note: { $note }
target-verification_photo = Verification photo
target-site = Website { $site }

reason-domain_not_verified = The domain is not real-name verified, or its holder is not the organizer
reason-domain_not_verified-fix = Complete real-name verification at the registrar with the organizer as holder, then upload the new domain certificate.
reason-domain_registrar = The domain suffix or registrar is not approved, or the domain expires soon
reason-domain_registrar-fix = Renew the domain (more than 3 months left), or use an approved suffix and registrar.
reason-site_name = The website name does not meet the rules
reason-site_name-fix = Use a name that says what the site is about, without a person's name, company words or words that need approval, e.g. 代码与咖啡.
reason-content_nature = The content does not fit the organizer type, or needs a pre-approval
reason-content_nature-fix = Change the service content, or add the pre-approval documents.
reason-cross_province = Filing in another province without a local residence proof
reason-cross_province-fix = Upload a residence permit of this province, or file in the ID's province.
reason-site_online = The website is online before approval, or the domain still resolves
reason-site_online-fix = Take the site offline and stop the domain resolving until the filing is approved.
reason-photo_unclear = The photo is unclear or incomplete, a copy, or a photo of a screen
reason-photo_unclear-fix = Photograph the original in good light, all four corners, no glare, and send it as a file.
reason-certificate_expired = The certificate is expired or valid for less than 3 months
reason-certificate_expired-fix = Renew the certificate, then give the new validity dates and photos.
reason-form_unsigned = The verification form is unsigned, unstamped, creased, cropped or the wrong template
reason-form_unsigned-fix = Print the form we sent, sign it in black pen (organizations also stamp it), leave the date empty, and photograph the whole page flat.
reason-verification_photo = The verification photo does not meet the rules
reason-verification_photo-fix = A front head-and-shoulders photo of the person, light background, no hat, mask or glasses, even light.
reason-phone_email = A phone is unreachable or not local; persons share a mobile or email; the emergency phone is the mobile
reason-phone_email-fix = Give each person's own mobile and email, and a different emergency number.
reason-not_legal_representative = The subject owner is not the legal representative
reason-not_legal_representative-fix = Name the legal representative as subject owner, or upload a sealed authorization letter.
reason-wrong_type = Wrong filing type, or the subject is filed under another certificate
reason-wrong_type-fix = Check the organizer's certificate and subject filing number, then answer again.
reason-address_detail = The address is not detailed enough
reason-address_detail-fix = Give the street number and room, as on the certificate.
reason-province_document = A document this province requires is missing
reason-province_document-fix = Add the documents the provincial authority asks for.
reason-other = Something else
reason-other-fix = Please follow the reviewer's note.

## Authenticity check
verification-request = Next: the authenticity check. Please send one verification photo for each of: { $people }
    The photo: the person from the front, head and shoulders, on a white or light background, no hat, mask or glasses, in even light.
verification-person = { $name }
verification-next = ✅ Verification photo of { $done } received. Please send { $next }'s photo.
verification-all-received = ✅ Verification photo of { $done } received; all photos are in and a reviewer will check them.
verification-complete = All verification photos are in; a reviewer will check them.

## SMS verification
time-left = { $hours } h { $minutes } min left
sms-instructions = <b>Deadline: { $deadline }</b> ({ $left })
    { $people }
    1. Each person's mobile receives a 6-digit code from 12381;
    2. Open beian.miit.gov.cn → 短信核验 and enter the mobile number, the last 6 characters of the ID number and the code;
    3. The code can be resent at most twice; 5 wrong tries fail the verification.
    When a person is done, tap their button below.
sms-owner-line = { $done ->
    [1] ✅
   *[other] ⬜
} { $name } ({ $mobile })
btn-sms-done = ✔ { $name } has completed SMS verification
sms-already-confirmed = This person's SMS verification is already recorded.
sms-confirmed-ack = Recorded, thank you!

## Approval
numbers-block = Subject filing number: <b>{ $subject }</b>
    { $sites }
    Show the number at the bottom of your home page, linked to https://beian.miit.gov.cn/, for example:
    <code>{ $snippet }</code>
    Within 30 days of launch, also complete the public-security filing at www.beian.gov.cn.
numbers-site = Website filing number ({ $name }): <b>{ $number }</b>

## Withdrawal and corrections
btn-withdraw = Withdraw to change it
btn-withdraw-yes = Yes, withdraw
withdraw-confirm = After withdrawing, filing <b>{ $number }</b> is a draft again and must be submitted and queued for review again. Withdraw it?
changes-header = { $count ->
    [one] This answer changed
   *[other] These { $count } answers changed
}; please check and submit again:
change-line = <b>{ $label }</b>: { $old } → { $new }
change-removed = <b>{ $label }</b>: removed
btn-resubmit = Submit again
btn-review-all = Review all answers

## Uploads
upload-checking = ⏳ Checking…
upload-accepted = ✅ Received: { $label }
upload-document = document
err-form-not-signed = This is the blank form we sent you. Please print it, sign it in black pen (organizations also stamp it), then photograph the whole page and send that.

## Reminders (bot/reminders.py)
action-expire = expire
event-expire = Expired after a long time without action
notice-expired = <b>{ $title }</b> — nothing happened for 45 days, so the filing has expired. Send /new to start again whenever you like.
reminder-sms = ⏳ <b>{ $title }</b> — { $name } has not completed the MIIT SMS verification yet: { $left } (deadline { $deadline }).
    Open beian.miit.gov.cn → 短信核验 and enter the mobile number, the last 6 characters of the ID number and the code from 12381.
reminder-idle = <b>{ $title }</b> — the filing is not finished yet. Tap below whenever you like to continue where you left off.
reminder-draft_warning = ⚠️ <b>{ $title }</b> — this draft has not been touched for a long time and expires in { $days } days. Please continue soon.
reminder-rejection = <b>{ $title }</b> — the reviewer's remarks are still waiting for your corrections. Correct and submit again to go on.
err-id-photo-expiring = The ID is valid until { $date }: less than 3 months left (or expired), so it cannot be used for the filing. Please renew the ID first, then update its dates and send photos of the new one.
err-form-outdated = The information on this verification form has changed since it was printed. Please print the new form sent below, sign it and upload that.
form-caption = 📎 The pre-filled verification form (网站备案信息真实性核验单) of website { $site }. Print it on A4, sign in black pen (organizations also stamp it), leave the date empty, and photograph the whole page.
form-preview-caption = Preview: check it before printing; if something is wrong, change it in the chat and a new form is made.
