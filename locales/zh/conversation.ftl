## What the bot says around the questions: markers, buttons, refusals of the engine and of the
## cross-field and province checks (dialogs/engine.py, dialogs/checks.py), filing-type conflicts.

error-line = ❌ { $text }
warning-line = ⚠️ { $text }
accepted-line = ✓ { $value }
current-value = 当前：{ $value }
previous-value = 之前填写：{ $value }
pages-received = 📎 已收到 { $pages } 页
dropped-line = ⚠️ 根据刚才的修改，以下 { $count } 项需要重新填写：{ $fields }
stale-button = 这个按钮已过期，请看下方的当前问题。

btn-back = ← 上一步
btn-skip = 跳过
btn-done-multi = 完成（已选 { $count } 项）
btn-done-pages = 完成
btn-long-term = 长期
btn-use-suggestion = 使用：{ $value }
btn-page = { $page }/{ $pages }
btn-share-contact = 📱 发送我的手机号
placeholder-mobile = 例如 13812345678

value-empty = —
value-missing = ⬜ 未填写
value-long-term = 长期
value-document = 已上传{ $pages ->
    [1] {""}
   *[other] （{ $pages } 页）
}
filing-type-first = 首次备案
filing-type-new_site = 新增网站
filing-type-new_access = 新增接入

## Refusals from the engine
err-no-question = 现在没有需要回答的问题。
err-not-optional = 这一项是必填的，不能跳过。
err-no-back = 这已经是第一个问题了。
err-not-editable = 这一项由系统根据其他信息自动填写，不能单独修改。
err-choice-unknown = 没有这个选项。请点击下方按钮选择，或输入选项的名称。
err-choice-unknown-item = 没有“{ $item }”这个选项。请点击下方按钮勾选。
err-choice-exclusive = “{ $option }”不能和其他选项同时选择。
err-too-long = 回答太长了（最多 { $limit } 个字）。请只输入这一项的内容。
err-text-expected = 这个问题需要输入文字。
err-document-expected = 这一步需要上传照片或图片文件，请发送照片，或以“文件”形式发送图片。
err-form-incomplete = 还有 { $count } 项必填信息没有填写，先从这一项开始。
err-agreements-required = 请先阅读并勾选两份协议。
err-use-buttons = 请使用下方的按钮继续。
err-contact-not-expected = 这个问题不需要手机号码。
err-file-not-expected = 这个问题需要文字回答，不需要图片或文件。
err-unsupported-content = 这里不能使用{ $kind }。请按问题要求输入文字或点击按钮。
err-internal = 抱歉，处理这条消息时出了问题，你的资料没有丢失。请再发一次，或发送 /continue 继续。
err-concurrent-change = 这份备案刚刚在另一处被修改过。请发送 /continue 查看最新进度后再操作。

## Field checks (dialogs/checks.py)
err-person-name-length = 姓名应为 { $low }–{ $high } 个字，当前为 { $length } 个字。请输入证件上的姓名，例如：张伟
err-person-name-characters = 姓名不能包含数字或符号。请输入证件上的姓名，例如：张伟、Li Na
err-name-is-domain = 这里需要填写名称，不能是域名或网址。例如：上海云帆信息技术有限公司
err-organizer-name-length = 主办单位名称应为 { $low }–{ $high } 个字，当前为 { $length } 个字。请与证件上的名称保持一致。
err-city-length = 城市/区县应为 { $low }–{ $high } 个字，例如：上海市浦东新区
err-address-length = 地址应为 { $low }–{ $high } 个字，当前为 { $length } 个字。例如：上海市浦东新区张江路 88 号 3 号楼 501 室
err-mail-address-po-box = 通信地址不能是邮政信箱，请填写能收到信件的详细地址，例如：北京市海淀区中关村大街 1 号 2 层 201 室
err-mail-address-not-detailed = 通信地址需要详细到门牌号和房间号，例如：北京市海淀区中关村大街 1 号 2 层 201 室
err-investor-length = 投资者或上级主管单位应为 { $low }–{ $high } 个字，例如：上海云帆控股有限公司
err-remark-length = 备注最多 { $high } 个字，当前为 { $length } 个字。
err-preapproval-number-length = 前置审批文号应为 { $low }–{ $high } 个字，例如：京卫网审(2024)第0001号
err-id-type-first = 请先选择证件类型。
err-id-other-province = { $province }管局不接受外省身份证进行个人备案（该证件签发地为{ $id_province }）。请使用本省身份证，或选择证件所在省份。
err-owner-underage = { $province }管局要求负责人年满 { $age } 周岁。请更换为年满 { $age } 周岁的负责人。
err-subject-number-province = 备案号 { $number } 不是{ $province }管局的号码。同一主体须在原备案省份办理，{ $province }的备案号以“{ $abbreviation }ICP备”开头。
err-filing-type-stale = 备案类型需要重新判断。
err-site-owner-is-subject-owner = 这是{ -subject-owner }的证件号码。网站负责人与主体负责人是同一人时，请返回上一题选择“是”。
err-validity-order = 证件有效期的截止日期（{ $end }）应晚于开始日期（{ $start }）。请对照证件背面重新输入。
err-mobile-not-local = { $province }管局要求使用本省手机号码，这个号码的归属地是{ $registered }。请换一个{ $province }的手机号码。
err-mobile-equals-emergency = 手机号码不能与应急联系电话相同。请输入另一个号码，例如：13812345678
err-mobile-shared = 这个手机号码已被另一位负责人使用。每位负责人须使用自己的手机号码接收核验短信。
err-emergency-equals-mobile = 应急联系电话不能与手机号码相同。请输入另一个电话，例如：13912345678 或 010-12345678
err-email-shared = 这个邮箱已被另一位负责人使用，请填写该负责人自己的邮箱，例如：li.na@example.com
err-site-domains-empty = 请至少选择一个域名。
err-site-domains-unknown = 只能选择第 1 步中填写、且尚未分配给其他网站的域名：{ $domains }
err-site-domains-must-cover = 这是本次备案的最后一个网站，以下域名都需要归入它：{ $domains }。如不需要某个域名，请在第 1 步中删除。
err-multi-empty = 请至少选择一项，然后点“完成”。
err-preapproval-none-exclusive = “不涉及”不能和其他审批项同时选择。
err-preapproval-required-by-name = 网站名称“{ $name }”含有“{ $word }”，需要选择对应的前置审批项；或者返回修改网站名称。


## Warnings that do not block
warn-residence-proof-needed = 证件签发地为{ $id_province }，{ $province }管局要求外省证件提供本省居住证明，上传资料时会请你上传。
warn-uscc-other-province = 统一社会信用代码显示登记地为{ $registered }，与所选省份{ $province }不一致。备案须在主办单位住所所在省份办理，请确认省份无误。
warn-legal-representative = { $province }管局要求单位的主体负责人为法定代表人，请确认填写的是法定代表人。
warn-authorization-letter = { $province }管局要求主体负责人为法定代表人；如不是，上传资料时请上传授权书。

## Filing-type conflicts (dialogs/filing_type.py)
conflict-organizer-in-flight = 这个主办单位已有一份备案（{ $number }）正在办理中，不能同时提交第二份（主办者冲突）。请等待它完成，或在那份备案中修改。
conflict-domain-in-flight = 域名 { $domain } 已在备案 { $number } 中办理，不能重复提交（域名冲突）。请删除这个域名，或换一个域名。
conflict-domain-other-organizer = 域名 { $domain } 已在其他主办单位名下备案（{ $number }），无法在这里备案。请先注销或转移原备案，或删除这个域名。
conflict-mixed-access = 已备案的域名（{ $filed }）和未备案的域名（{ $new }）不能放在同一次备案中。请只保留其中一类，另一类单独提交。
conflict-subject-already-filed = 这个主办单位已经备案过（主体备案号 { $number }）。请选择“是”，并填写这个备案号。
conflict-subject-unknown = 没有找到备案号 { $number } 对应的主体备案。请核对备案号；如果主办单位从未备案，请在上一题选择“否”。
conflict-subject-mismatch = 这个主办单位的主体备案号是 { $expected }，与填写的 { $number } 不一致。请改为正确的备案号。

## Kinds of messages the form cannot take
content-sticker = 贴纸
content-voice = 语音
content-video = 视频
content-video_note = 视频消息
content-audio = 音频
content-location = 位置
content-venue = 地点
content-animation = 动图
content-poll = 投票
content-dice = 骰子
content-game = 游戏
content-story = 动态
content-other = 这种消息
expired-answer = { $label }：{ $reason }

## A length of time (the SMS window)
duration-days = { $n } 天
duration-hours = { $n } 小时
duration-minutes = { $n } 分钟
duration-seconds = { $n } 秒
duration-join = {""}
