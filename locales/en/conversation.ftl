## What the bot says around the questions: markers, buttons, refusals of the engine and of the
## cross-field and province checks (dialogs/engine.py, dialogs/checks.py), filing-type conflicts.

error-line = ❌ { $text }
warning-line = ⚠️ { $text }
accepted-line = ✓ { $value }
current-value = Current answer: { $value }
previous-value = Earlier answer: { $value }
pages-received = 📎 { $pages ->
    [one] 1 page received
   *[other] { $pages } pages received
}
dropped-line = ⚠️ Because of that change, { $count ->
    [one] this answer needs
   *[other] these { $count } answers need
} to be given again: { $fields }
stale-button = This button is out of date; the current question is below.

btn-back = ← Back
btn-skip = Skip
btn-done-multi = Done ({ $count } chosen)
btn-done-pages = Done
btn-long-term = Long-term
btn-use-suggestion = Use: { $value }
btn-page = { $page }/{ $pages }
btn-share-contact = 📱 Share my phone number
placeholder-mobile = e.g. 13812345678

value-empty = —
value-missing = ⬜ not answered yet
value-long-term = Long-term
value-document = uploaded{ $pages ->
    [1] {""}
   *[other] { " " }({ $pages } pages)
}
filing-type-first = First filing (首次备案)
filing-type-new_site = New website (新增网站)
filing-type-new_access = New access (新增接入)

## Refusals from the engine
err-no-question = There is no question to answer right now.
err-not-optional = This one is required and cannot be skipped.
err-no-back = This is already the first question.
err-not-editable = This value follows from your other answers and cannot be changed on its own.
err-choice-unknown = That is not one of the options. Please tap a button below, or type an option's name.
err-choice-unknown-item = “{ $item }” is not one of the options. Please tick the buttons below.
err-choice-exclusive = “{ $option }” cannot be chosen together with other options.
err-too-long = That answer is too long (at most { $limit } characters). Please send only this field.
err-text-expected = This question needs a typed answer.
err-document-expected = This step needs a photo or an image file: send a photo, or send the image as a file.
err-form-incomplete = { $count ->
    [one] One required answer is
   *[other] { $count } required answers are
} still missing; let's start with this one.
err-agreements-required = Please read and tick both agreements first.
err-use-buttons = Please use the buttons below to go on.
err-contact-not-expected = This question does not ask for a phone number.
err-file-not-expected = This question needs a typed answer, not a picture or a file.
err-unsupported-content = { $kind } cannot be used here. Please type the answer or tap a button.
err-internal = Sorry, something went wrong with that message; nothing you entered is lost. Please send it again, or send /continue.
err-concurrent-change = This filing was just changed elsewhere. Please send /continue to see where it stands, then try again.

## Field checks (dialogs/checks.py)
err-person-name-length = A name has { $low }–{ $high } characters; this one has { $length }. Please type the name on the ID, e.g. 张伟
err-person-name-characters = A name has no digits or symbols. Please type the name on the ID, e.g. 张伟 or Li Na
err-name-is-domain = A name is needed here, not a domain or web address. For example: 上海云帆信息技术有限公司
err-organizer-name-length = The organizer name has { $low }–{ $high } characters; this one has { $length }. Please copy it from the certificate.
err-city-length = City and district take { $low }–{ $high } characters, e.g. 上海市浦东新区
err-address-length = An address has { $low }–{ $high } characters; this one has { $length }. For example: 上海市浦东新区张江路 88 号 3 号楼 501 室
err-mail-address-po-box = The mailing address cannot be a PO box; please give a street address, e.g. 北京市海淀区中关村大街 1 号 2 层 201 室
err-mail-address-not-detailed = The mailing address needs the street number and room, e.g. 北京市海淀区中关村大街 1 号 2 层 201 室
err-investor-length = The investor or supervising body has { $low }–{ $high } characters, e.g. 上海云帆控股有限公司
err-remark-length = A remark has at most { $high } characters; this one has { $length }.
err-preapproval-number-length = An approval number has { $low }–{ $high } characters, e.g. 京卫网审(2024)第0001号
err-id-type-first = Please choose the ID type first.
err-id-other-province = The { $province } authority does not accept personal filings with an ID issued in another province (this one is from { $id_province }). Please use an ID from { $province }, or choose the ID's province.
err-owner-underage = The { $province } authority requires the person in charge to be at least { $age }. Please name a person in charge who is { $age } or older.
err-subject-number-province = { $number } is not a number of the { $province } authority. A subject is filed where it was first filed; { $province } numbers start with “{ $abbreviation }ICP备”.
err-filing-type-stale = The filing type has to be decided again.
err-site-owner-is-subject-owner = This is the subject owner's ID number. If the website owner is the subject owner, go back and answer Yes.
err-validity-order = The ID's end date ({ $end }) must be after its start date ({ $start }). Please check the back of the ID.
err-mobile-not-local = The { $province } authority requires a mobile number registered in { $province }; this one is registered in { $registered }. Please use a { $province } number.
err-mobile-equals-emergency = The mobile cannot be the same as the emergency phone. Please give another number, e.g. 13812345678
err-mobile-shared = Another person in charge already uses this mobile. Each person receives the verification SMS on their own mobile.
err-emergency-equals-mobile = The emergency phone cannot be the mobile itself. Please give another number, e.g. 13912345678 or 010-12345678
err-email-shared = Another person in charge already uses this email; please give this person's own, e.g. li.na@example.com
err-site-domains-empty = Please choose at least one domain.
err-site-domains-unknown = Only domains from step 1 that no other website has yet can be chosen: { $domains }
err-site-domains-must-cover = This is the filing's last website, so all these domains belong to it: { $domains }. To leave one out, remove it in step 1.
err-multi-empty = Please tick at least one option, then tap Done.
err-preapproval-none-exclusive = “Not applicable” cannot be chosen together with approval items.
err-preapproval-required-by-name = The website name “{ $name }” contains “{ $word }”, which needs the matching pre-approval; choose it, or go back and change the name.

## Warnings that do not block
warn-residence-proof-needed = The ID was issued in { $id_province }; the { $province } authority asks for a proof of residence in { $province }, which you will upload with the documents.
warn-uscc-other-province = The credit code says the organizer is registered in { $registered }, not { $province }. Filings are made in the organizer's own province; please make sure the province is right.
warn-legal-representative = The { $province } authority requires an organization's subject owner to be its legal representative; please make sure this is the legal representative.
warn-authorization-letter = The { $province } authority expects the legal representative as subject owner; if this is someone else, you will upload an authorization letter with the documents.

## Filing-type conflicts (dialogs/filing_type.py)
conflict-organizer-in-flight = This organizer already has a filing in progress ({ $number }); a second one cannot be submitted at the same time (主办者冲突). Please wait for it to finish, or change that filing.
conflict-domain-in-flight = The domain { $domain } is already in filing { $number } (域名冲突). Please remove it or use another domain.
conflict-domain-other-organizer = The domain { $domain } is filed under another organizer ({ $number }) and cannot be filed here. The old record must be cancelled or transferred first; or remove this domain.
conflict-mixed-access = Domains that are already filed ({ $filed }) and new ones ({ $new }) cannot be in one filing. Keep one kind here and file the other separately.
conflict-subject-already-filed = This organizer is already filed (subject number { $number }). Please answer Yes and give that number.
conflict-subject-unknown = No subject filing with the number { $number } was found. Please check the number; if the organizer has never filed, answer No to the previous question.
conflict-subject-mismatch = This organizer's subject number is { $expected }, not { $number }. Please give the right number.

## Kinds of messages the form cannot take
content-sticker = stickers
content-voice = voice notes
content-video = videos
content-video_note = video messages
content-audio = audio
content-location = locations
content-venue = venues
content-animation = GIFs
content-poll = polls
content-dice = dice
content-game = games
content-story = stories
content-other = this kind of message
expired-answer = { $label }: { $reason }

## A length of time (the SMS window)
duration-days = { $n ->
    [one] 1 day
   *[other] { $n } days
}
duration-hours = { $n ->
    [one] 1 hour
   *[other] { $n } hours
}
duration-minutes = { $n ->
    [one] 1 minute
   *[other] { $n } minutes
}
duration-seconds = { $n ->
    [one] 1 second
   *[other] { $n } seconds
}
duration-join = { " " }
