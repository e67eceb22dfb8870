## Commands, the welcome, the menus around the form, /status.

command-start = 开始 / 主菜单
command-new = 新建备案
command-continue = 继续填写
command-status = 查看备案进度
command-edit = 核对和修改已填信息
command-cancel = 放弃当前草稿
command-language = 切换语言 / Language
command-help = 帮助

welcome = 你好！我是 ICP 备案助手，会一步一步带你在聊天中完成网站备案（ICP备案）。
    
    <b>开始前请准备好：</b>
    • 主办单位证件（单位：营业执照或登记证书；个人：身份证）
    • 负责人的身份证和本人手机号码
    • 要备案的域名，以及域名证书
    • 一台能打印的打印机，用于签署《网站备案信息真实性核验单》
    
    每个回答都会立即保存。可以随时离开，回来后发送 /continue 继续。
help = <b>可用的命令</b>
    /new 新建备案
    /continue 回到当前问题
    /edit 核对和修改已填信息
    /status 查看备案进度和记录
    /cancel 放弃当前草稿（需要确认）
    /language 切换语言
    
    回答问题时：点击按钮选择，或直接输入文字；需要上传时发送照片或文件。点“← 上一步”返回上一题。
unknown-command = 没有这个命令。发送 /help 查看可用的命令。

btn-start-filing = 开始备案
btn-continue-filing = 继续备案
btn-show-status = 查看进度
btn-discard-and-new = 放弃草稿，重新开始
btn-cancel-yes = 确认放弃
btn-cancel-no = 不，继续填写

filing-started = 已创建备案 <b>{ $number }</b>。我们从第一个问题开始。
draft-exists = 你已有一份未完成的备案草稿 <b>{ $number }</b>。要继续填写，还是放弃它重新开始？
no-filing = 你还没有进行中的备案。点击下方按钮开始。
filing-not-editable = 备案 <b>{ $number }</b> 当前状态为“{ $status }”，暂时不能修改。发送 /status 查看进度。
cancel-not-draft = 备案 <b>{ $number }</b> 已经提交，不能再放弃。发送 /status 查看进度。
cancel-confirm = 确定要放弃备案草稿 <b>{ $number }</b> 吗？已填写的信息将不再使用。
cancelled = 已放弃备案草稿 <b>{ $number }</b>。需要时可以重新开始。
cancel-kept = 好的，草稿保留。

language-choose = 请选择语言 / Choose a language
language-zh = 中文
language-en = English
language-set = 已切换为中文。

## /status
china-time = { $time }（北京时间）
status-header = <b>{ $number }</b> · { $status }
status-type = 备案类型：{ $type }
status-next = 下一步：{ $next }
status-timeline = <b>办理记录</b>
status-event = { $time } · { $what }

status-draft = 待完善
status-submitted = 待初审
status-rejected_initial = 初审驳回
status-verifying = 真实性核验
status-to_authority = 待提交管局
status-sms_pending = 短信核验中
status-sms_expired = 短信核验超时
status-authority_review = 管局审核中
status-rejected_authority = 管局驳回
status-approved = 已备案
status-cancelled = 已放弃

status-next-draft = 由你继续填写，完成后提交初审（发送 /continue）
status-next-submitted = 等待审核人员初审，一般在 1 个工作日内完成
status-next-rejected_initial = 由你按驳回原因修改后重新提交
status-next-verifying = 由你上传网站负责人核验照片，审核人员核对
status-next-to_authority = 等待服务商提交管局
status-next-sms_pending = 各负责人在 24 小时内完成工信部短信核验
status-next-sms_expired = 由你重新提交备案
status-next-authority_review = 等待管局审核，一般不超过 20 个工作日
status-next-rejected_authority = 由你按管局驳回原因修改后重新提交
status-next-approved = 备案已完成
status-next-cancelled = 无；需要时可以 /new 重新开始

event-created = 创建备案
event-submitted = 提交初审
event-cancelled = 放弃草稿
event-status = 状态变更
