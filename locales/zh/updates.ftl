## Messages that arrive out of step with the conversation: an answer sent before its question
## appeared, text when no question is waiting, edits, old or unknown buttons (bot/handlers).

err-sent-before-question = 这条消息是在下面这个问题出现之前发出的，没有作为它的答案保存。请看清问题后再回答。
err-no-question-on-screen = 这条消息没有作为答案保存：当时没有正在等待回答的问题。下面是现在要回答的问题。
err-photo-before-prompt = 这张照片是在机器人请你发送 { $name } 的核验照片之前发出的，没有保存。请重新发送 { $name } 的核验照片。
verification-photo-label = { $name } 的核验照片
edits-not-read = ✏️ 修改已发送的消息不会被读取。如需更正，请把正确的内容作为一条新消息发送。
button-outdated = 这个按钮已失效。
staff-documents-sent-privately = 📎 { $number } 的资料已私信发给你（资料含个人信息，不在群里发送）。
staff-documents-need-private-chat = 📎 资料含个人信息，只能私信发送。请先在私聊中向机器人发送 /start，再点一次“资料”。
