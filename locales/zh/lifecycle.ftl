## After submission: notices to the applicant, reasons, the SMS check, filing numbers
## (dialogs/lifecycle.py, bot/workflow.py, bot/render/notices.py).

lifecycle-not-allowed = 你不能执行“{ $action }”。
lifecycle-wrong-status = 当前状态为“{ $status }”，不能执行“{ $action }”。
lifecycle-reasons-required = 请至少选择一条原因。
lifecycle-unknown-reason = 没有这个原因模板：{ $code }。
lifecycle-numbers-required = 请填写主体备案号。
lifecycle-changed = 备案 { $number } 在你打开后已经有了变化，请重新打开后再操作。
lifecycle-unknown-target = 这份备案中没有“{ $target }”这一项。
lifecycle-photos-missing = 核验照片还没有全部上传，暂时不能核验。

action-submit = 提交
action-withdraw = 撤回
action-approve = 初审通过
action-reject = 初审驳回
action-verify_pass = 真实性核验通过
action-verify_fail = 真实性核验不通过
action-to_authority = 提交管局
action-sms_done = 完成短信核验
action-sms_expire = 短信核验超时
action-authority_approve = 管局审核通过
action-authority_reject = 管局驳回

event-withdraw = 申请人撤回
event-resubmitted = 修改后重新提交
event-approve = 初审通过
event-reject = 初审驳回
event-verify_pass = 真实性核验通过
event-verify_fail = 真实性核验不通过
event-to_authority = 已提交管局，短信核验开始
event-sms_done = 短信核验完成，管局审核中
event-sms_expire = 短信核验超时
event-authority_approve = 管局审核通过，已取得备案号
event-authority_reject = 管局驳回
event-sms_confirmed = 负责人完成短信核验
event-verification_photo = 上传核验照片

## Notices (each starts with the filing number and site name)
notice-submitted = ✅ <b>{ $title }</b> — 已提交初审。
    审核人员一般会在 <b>1 个工作日</b>内完成初审，结果会在这里通知你。发送 /status 可随时查看进度。
notice-withdrawn = <b>{ $title }</b> — 已撤回，备案回到草稿状态，可以继续修改后再提交。
notice-approved_initial = ✅ <b>{ $title }</b> — 初审通过。
notice-rejected_initial = ❌ <b>{ $title }</b> — 初审未通过（{ $count } 项需修改）
notice-rejected_authority = ❌ <b>{ $title }</b> — 管局审核未通过（{ $count } 项需修改）
notice-correct-hint = 点“修改信息”，只需重新填写上面列出的项目，其他信息保持不变。
notice-verified = ✅ <b>{ $title }</b> — 真实性核验通过，等待服务商提交管局。
notice-verify_failed = ❌ <b>{ $title }</b> — 核验照片未通过，请按以下原因重新拍摄。
notice-sms_opened = ⏳ <b>{ $title }</b> — 已提交管局，请在 { $window }内完成工信部短信核验。
notice-sms_done = ✅ <b>{ $title }</b> — 短信核验已完成，备案进入管局审核。
notice-sms_done-days = 管局审核一般不超过 { $days } 个工作日，结果会在这里通知你。
notice-sms_expired = ❌ <b>{ $title }</b> — 短信核验已超时，本次提交未能完成。
    请点“继续备案”核对信息后重新提交；提交管局后请在 { $window }内完成短信核验。
notice-approved = ✅ <b>{ $title }</b> — 备案已通过！
btn-correct = 修改信息

reason-line = • <b>{ $label }</b>：{ $reason }
    建议：{ $fix }
reason-note = 审核备注：{ $note }
target-verification_photo = 核验照片
target-site = 网站 { $site }

reason-domain_not_verified = 域名未实名认证，或域名持有者与主办单位不一致
reason-domain_not_verified-fix = 在注册商处完成实名认证，并把域名持有者改为主办单位后，上传新的域名证书。
reason-domain_registrar = 域名后缀或注册商未获批准，或域名即将到期
reason-domain_registrar-fix = 续费域名（剩余 3 个月以上），或换用工信部批准的后缀和注册商。
reason-site_name = 网站名称不符合要求
reason-site_name-fix = 使用能体现网站内容的名称，不含个人姓名、企业字样或需要审批的词语，例如：代码与咖啡。
reason-content_nature = 网站内容与主办单位性质不符，或需要前置审批
reason-content_nature-fix = 调整网站服务内容，或补充相应的前置审批文件。
reason-cross_province = 跨省备案，缺少本省居住证明
reason-cross_province-fix = 上传本省居住证，或在证件所在省份办理备案。
reason-site_online = 网站在备案通过前已经开通，或域名仍在解析
reason-site_online-fix = 暂停网站访问并停止域名解析，审核期间保持关闭。
reason-photo_unclear = 证件照片不清晰、不完整，或是复印件、屏幕翻拍
reason-photo_unclear-fix = 在光线充足处拍摄原件，四角完整、无反光，以文件形式发送。
reason-certificate_expired = 证件已过期或有效期不足 3 个月
reason-certificate_expired-fix = 更换有效证件后重新填写有效期并上传新照片。
reason-form_unsigned = 核验单未签字、未盖章、有折痕、被裁剪或使用了错误的模板
reason-form_unsigned-fix = 打印本次发送的核验单，用黑色签字笔签字（单位加盖公章），不填日期，平整拍摄整页。
reason-verification_photo = 核验照片不符合要求
reason-verification_photo-fix = 本人正面半身照，浅色背景，不戴帽子、口罩或眼镜，光线均匀。
reason-phone_email = 电话无法接通或非本地号码；负责人共用手机或邮箱；应急电话与手机相同
reason-phone_email-fix = 每位负责人填写本人的手机和邮箱，应急电话填写另一个号码。
reason-not_legal_representative = 主体负责人不是法定代表人
reason-not_legal_representative-fix = 将主体负责人改为法定代表人，或上传加盖公章的授权书。
reason-wrong_type = 备案类型不对，或主体已在其他证件下备案
reason-wrong_type-fix = 核对主办单位证件和主体备案号后重新填写。
reason-address_detail = 地址不够详细
reason-address_detail-fix = 填写到门牌号和房间号，与证件一致。
reason-province_document = 缺少本省要求的材料
reason-province_document-fix = 按本省管局要求补充上传材料。
reason-other = 其他问题
reason-other-fix = 请按审核备注修改。

## Authenticity check
verification-request = 下一步：真实性核验。请为以下负责人各发送一张核验照片：{ $people }
    要求：本人正面半身照（脸和肩膀），白色或浅色背景，不戴帽子、口罩或眼镜，光线均匀。
verification-person = { $name }
verification-next = ✅ 已收到 { $done } 的核验照片。请发送 { $next } 的核验照片。
verification-all-received = ✅ 已收到 { $done } 的核验照片，核验照片已全部上传，等待审核人员核验。
verification-complete = 核验照片已全部收到，正在等待审核人员核验。

## SMS verification
time-left = 剩余 { $hours } 小时 { $minutes } 分
sms-instructions = <b>截止时间：{ $deadline }</b>（{ $left }）
    { $people }
    1. 负责人的手机会收到 12381 发来的 6 位验证码；
    2. 登录 beian.miit.gov.cn →「短信核验」，输入手机号码、证件号码后 6 位和验证码；
    3. 验证码最多重发 2 次；输错 5 次核验失败。
    完成后请点下方对应的按钮告诉我们。
sms-owner-line = { $done ->
    [1] ✅
   *[other] ⬜
} { $name }（{ $mobile }）
btn-sms-done = ✔ { $name } 已完成短信核验
sms-already-confirmed = 已经记录过这位负责人完成短信核验。
sms-confirmed-ack = 已记录，谢谢！

## Approval
numbers-block = 主体备案号：<b>{ $subject }</b>
    { $sites }
    请在网站首页底部展示备案号，并链接到 https://beian.miit.gov.cn/ ，例如：
    <code>{ $snippet }</code>
    网站开通后 30 日内，请到全国互联网安全管理服务平台（www.beian.gov.cn）办理公安联网备案。
numbers-site = 网站备案号（{ $name }）：<b>{ $number }</b>

## Withdrawal and corrections
btn-withdraw = 撤回修改
btn-withdraw-yes = 确认撤回
withdraw-confirm = 撤回后，备案 <b>{ $number }</b> 回到草稿，需要重新提交并重新排队初审。确定撤回吗？
changes-header = 以下 { $count } 项已修改，请确认后重新提交：
change-line = <b>{ $label }</b>：{ $old } → { $new }
change-removed = <b>{ $label }</b>：已删除
btn-resubmit = 重新提交
btn-review-all = 核对全部信息

## Uploads
upload-checking = ⏳ 正在检查…
upload-accepted = ✅ 已收到：{ $label }
upload-document = 资料
err-form-not-signed = 这是我们发给你的空白核验单。请打印出来，用黑色签字笔签字（单位加盖公章）后，拍下整页再发送。

## Reminders (bot/reminders.py)
action-expire = 过期失效
event-expire = 长期未处理，备案已失效
notice-expired = <b>{ $title }</b> — 已超过 45 天未处理，备案已失效。需要时可以发送 /new 重新开始。
reminder-sms = ⏳ <b>{ $title }</b> — { $name } 还没有完成工信部短信核验，{ $left }（截止 { $deadline }）。
    请登录 beian.miit.gov.cn →「短信核验」，输入手机号码、证件号码后 6 位和 12381 发来的验证码。
reminder-idle = <b>{ $title }</b> — 备案还没有填写完成。随时点下方按钮，从上次的位置继续。
reminder-draft_warning = ⚠️ <b>{ $title }</b> — 备案草稿长时间未填写，将在 { $days } 天后失效。请尽快继续填写。
reminder-rejection = <b>{ $title }</b> — 审核意见还在等你修改。修改后重新提交，就能继续办理。
err-id-photo-expiring = 证件有效期到 { $date }，剩余不足 3 个月（或已过期），不能用于备案。请先换领新证件，再更新有效期并上传新证件的照片。
err-form-outdated = 这张核验单上的信息已经修改过，已不是最新版本。请打印下方新发送的核验单，签字后重新上传。
form-caption = 📎 网站 { $site } 的《网站备案信息真实性核验单》（已预填）。请用 A4 纸打印，用黑色签字笔签字（单位加盖公章），不要填写日期，然后拍下整页上传。
form-preview-caption = 预览：打印前请核对内容；如有错误，请在聊天中修改，系统会重新生成核验单。
