## Reviewers: the queue, a filing's view, decisions (bot/handlers/staff.py, bot/render/staff.py).

staff-only = Only reviewers can do this.
btn-open-filing = Open
queue-empty = No filing is waiting for you.
queue-header = <b>Filings waiting ({ $count })</b>, longest wait first:
queue-header-paged = <b>Filings waiting ({ $count })</b>, longest wait first (page { $page } of { $pages }):
queue-line = { $index }. <b>{ $title }</b> · { $status } · waiting { $age }
age = { $days ->
    [0] {""}
   *[other] { $days } d{ " " }
}{ $hours } h { $minutes } min

review-notice-submitted = <b>{ $title }</b> — new submission, waiting for initial review ({ $type })
review-notice-resubmitted = <b>{ $title }</b> — corrected and submitted again, waiting for initial review
review-notice-withdrawn = <b>{ $title }</b> — withdrawn by the applicant
review-notice-sms_expired = <b>{ $title }</b> — SMS verification expired; the applicant must submit again
review-notice-verification_ready = <b>{ $title }</b> — verification photos sent, waiting for the authenticity check

staff-header = <b>{ $title }</b>
    Status: { $status } · { $type }
    Submitted: { $submitted } (page { $page }/{ $pages })
staff-btn-documents = 📎 Documents
staff-btn-history = History
staff-btn-changes = Changes ({ $count })
staff-btn-approve = ✅ Approve
staff-btn-reject = ❌ Reject
staff-btn-verify_pass = ✅ Verification passed
staff-btn-verify_fail = ❌ Verification failed
staff-btn-to_authority = Submitted to the authority
staff-btn-authority_approve = ✅ Authority approved (enter the number)
staff-btn-authority_reject = ❌ Authority rejected
staff-btn-sms-owner = ✔ { $name } completed SMS verification
staff-btn-cancel = Cancel
staff-btn-confirm-reject = Confirm rejection ({ $count })
staff-btn-confirm-authority_reject = Confirm authority rejection ({ $count })
staff-btn-confirm-verify_fail = Confirm failed verification ({ $count })
staff-changes-header = <b>{ $title }</b> — changes since the previous submission:
staff-no-changes = Nothing changed.
staff-history-header = <b>{ $title }</b> — history
history-line = { $time } · { $what } · { $actor }
history-reason = { "  " }reason: { $target } — { $reason } { $note }
staff-pick-target = <b>{ $title }</b> — what needs changing? (page { $page }/{ $pages })
staff-pick-template = Choose a reason for “{ $label }”:
staff-ask-note = Anything to add? Type it, or tap Skip.
staff-reasons-so-far = { $count ->
    [one] 1 reason so far:
   *[other] { $count } reasons so far:
}
staff-no-documents = This filing has no documents yet.
staff-decided-elsewhere = Another reviewer already decided filing { $number } (now “{ $status }”); your action was not applied.
staff-done = Done: filing { $number } is now “{ $status }”. The applicant has been told.
staff-changed = This filing changed after you opened it; here it is again, please decide again.
staff-cancelled = Cancelled.
staff-ask-numbers = Type the subject filing number of { $number }, e.g. 京ICP备12345678号. The website numbers -1, -2 … follow in website order.
command-queue = Filings waiting for review
review-notice-review_overdue = ⚠️ <b>{ $title }</b> — waiting for the initial review for more than 1 working day
