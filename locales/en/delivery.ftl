# Delivery: people who blocked the bot, groups that removed it, notices that could not be sent.

delivery-blocked-applicant = ⚠️ <b>{ $title }</b> — the applicant blocked the bot. Their notices are held and the ones still relevant are sent when they open the bot again; contact them another way if it is urgent.
delivery-blocked-reviewer = ⚠️ Reviewer { $reviewer } blocked the bot. Their review pushes are held and sent when they open the bot again.
delivery-group-removed = ⚠️ The review group { $chat } removed the bot and no longer receives pushes; reviewers' private chats are not affected.
delivery-undelivered = ⚠️ <b>{ $title }</b> — { $what } could not be delivered to the applicant ({ $reason ->
        [refused] Telegram refused the message
       *[gave_up] it still failed after many tries
    }). Please contact the applicant another way.
delivery-what = { $kind ->
        [submitted] the "submitted" notice
        [withdrawn] the "withdrawn" notice
        [approved_initial] the "initial review passed" notice
        [rejected_initial] the "initial review rejected" notice
        [verified] the "authenticity check passed" notice
        [verify_failed] the "verification photo rejected" notice
        [sms_opened] the SMS verification notice
        [sms_done] the "SMS verification done" notice
        [sms_expired] the "SMS verification expired" notice
        [rejected_authority] the "authority rejected" notice
        [approved] the "filing approved" notice
        [expired] the "filing expired" notice
        [sms] an SMS verification reminder
        [rejection] a correction reminder
        [idle] a reminder to continue the filing
        [draft_warning] the draft expiry warning
       *[other] a notice
    }
