## Step 5: the summary, the agreements, the SMS warning and submission.

summary-header = Filing { $number } · review (page { $page }/{ $pages })
summary-row = <b>{ $label }</b>: { $value }
btn-edit-field = ✏️ { $label }
btn-to-agreements = ✅ All correct, next
btn-view-agreement = 📄 Read { $title }
btn-back-to-summary = ← Back to the review
btn-continue = Continue
btn-submit = Submit
agreements-intro = Please read and tick both agreements, then tap Continue.

agreement-security-title = Information security agreement (信息安全管理协议)
agreement-terms-title = Filing assistance terms (协助更改备案信息服务在线服务条款)
agreement-security-text = <b>Information security agreement (summary)</b>
    1. The organizer guarantees that the filing information is true, accurate and complete, and answers for it.
    2. The website will not produce, copy, publish or spread information that the law forbids, and keeps information security rules.
    3. The website goes online only with a filing number; changes to the filed information are reported within 30 days.
    4. If these terms are broken, the provider may suspend access and will cooperate with the authorities.
agreement-terms-text = <b>Filing assistance terms (summary)</b>
    1. The provider submits, changes or cancels filings with the communications authority on your behalf, based on what you provide.
    2. You allow the provider to use and keep your certificates and photos for the filing; it keeps them confidential.
    3. The organizer is responsible if false information leads to a rejection or cancellation.
    4. You can check the progress at any time; once filed, show the filing number in your website's footer.

sms-popup = After the authority submission, the persons in charge receive a code from 12381 by SMS and must enter it at beian.miit.gov.cn within { $window }, or the filing fails.
sms-warning = <b>Before you submit: the MIIT SMS verification</b>
    Once the provider submits the filing to the authority, the persons in charge receive a 6-digit code from 12381 by SMS.
    Within <b>{ $window }</b>, open beian.miit.gov.cn → 短信核验 and enter the mobile number, the last 6 characters of the ID number and the code; otherwise the filing fails.
    The code can be resent at most twice; 5 wrong tries fail the verification.
    
    If everything is right, tap Submit.
submitted = ✅ <b>{ $title }</b> — submitted for initial review.
    A reviewer usually finishes it within <b>1 working day</b>; you will hear the result here. Send /status at any time to see where it stands.
