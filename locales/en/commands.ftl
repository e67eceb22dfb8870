## Commands, the welcome, the menus around the form, /status.

command-start = Start / main menu
command-new = New filing
command-continue = Continue the form
command-status = Filing status
command-edit = Review and edit answers
command-cancel = Discard the draft
command-language = Language / 切换语言
command-help = Help

welcome = Hello! I am the ICP filing assistant. I walk you through a website ICP filing (ICP备案) right here in the chat, one question at a time.
    
    <b>Have these at hand:</b>
    • the organizer's certificate (an organization's business licence or registration certificate; an individual's ID card)
    • the ID cards and own mobile phones of the persons in charge
    • the domains to file, and their domain certificates
    • a printer, to sign the verification form (核验单)
    
    Every answer is saved at once. You can leave at any time and send /continue to pick up where you were.
help = <b>Commands</b>
    /new start a filing
    /continue back to the current question
    /edit review and edit your answers
    /status where your filing stands, and its history
    /cancel discard the current draft (asks first)
    /language switch language
    
    Answer by tapping a button or typing; send a photo or a file when a document is asked for. “← Back” returns to the previous question.
unknown-command = There is no such command. Send /help to see the commands.

btn-start-filing = Start a filing
btn-continue-filing = Continue the filing
btn-show-status = Show status
btn-discard-and-new = Discard the draft and start again
btn-cancel-yes = Yes, discard it
btn-cancel-no = No, keep going

filing-started = Filing <b>{ $number }</b> is created. Let's start with the first question.
draft-exists = You have an unfinished draft, <b>{ $number }</b>. Continue it, or discard it and start again?
no-filing = You have no filing in progress. Tap the button below to start one.
filing-not-editable = Filing <b>{ $number }</b> is “{ $status }” and cannot be changed now. Send /status to see where it stands.
cancel-not-draft = Filing <b>{ $number }</b> is already submitted and cannot be discarded. Send /status to see where it stands.
cancel-confirm = Discard the draft <b>{ $number }</b>? Its answers will not be used any more.
cancelled = The draft <b>{ $number }</b> is discarded. You can start again whenever you like.
cancel-kept = All right, the draft stays.

language-choose = Choose a language / 请选择语言
language-zh = 中文
language-en = English
language-set = The bot now speaks English.

## /status
china-time = { $time } (China time)
status-header = <b>{ $number }</b> · { $status }
status-type = Filing type: { $type }
status-next = Next: { $next }
status-timeline = <b>History</b>
status-event = { $time } · { $what }

status-draft = Draft (待完善)
status-submitted = Awaiting initial review (待初审)
status-rejected_initial = Returned by the initial review (初审驳回)
status-verifying = Authenticity check (真实性核验)
status-to_authority = Awaiting submission to the authority (待提交管局)
status-sms_pending = SMS verification (短信核验中)
status-sms_expired = SMS verification expired (短信核验超时)
status-authority_review = Under authority review (管局审核中)
status-rejected_authority = Returned by the authority (管局驳回)
status-approved = Filed (已备案)
status-cancelled = Discarded

status-next-draft = you finish the form and submit it (send /continue)
status-next-submitted = a reviewer checks it, usually within 1 working day
status-next-rejected_initial = you correct what was flagged and submit again
status-next-verifying = you send the website owner's verification photo; a reviewer checks it
status-next-to_authority = the provider submits it to the authority
status-next-sms_pending = each person in charge completes the MIIT SMS verification within 24 hours
status-next-sms_expired = you submit the filing again
status-next-authority_review = the authority reviews it, usually within 20 working days
status-next-rejected_authority = you correct what the authority flagged and submit again
status-next-approved = nothing: the filing is complete
status-next-cancelled = nothing; send /new to start again

event-created = Filing created
event-submitted = Submitted for initial review
event-cancelled = Draft discarded
event-status = Status changed
