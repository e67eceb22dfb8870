## Messages that arrive out of step with the conversation: an answer sent before its question
## appeared, text when no question is waiting, edits, old or unknown buttons (bot/handlers).

err-sent-before-question = That message was sent before the question below appeared, so it was not saved as its answer. Please read the question and answer it.
err-no-question-on-screen = That message was not saved as an answer: no question was waiting for one. Here is the question to answer now.
err-photo-before-prompt = That photo was sent before the bot asked for { $name }'s verification photo, so it was not saved. Please send { $name }'s verification photo again.
verification-photo-label = { $name }'s verification photo
edits-not-read = ✏️ Edits to messages already sent are not read. To correct something, send the right value as a new message.
button-outdated = This button no longer works.
staff-documents-sent-privately = 📎 The documents of { $number } were sent to you privately (they hold personal data, so never into the group).
staff-documents-need-private-chat = 📎 Documents hold personal data and are only sent privately. Open a private chat with the bot, send /start, then tap "Documents" again.
