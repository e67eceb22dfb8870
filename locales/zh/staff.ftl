## Reviewers: the queue, a filing's view, decisions (bot/handlers/staff.py, bot/render/staff.py).

staff-only = 只有审核人员可以进行这个操作。
btn-open-filing = 打开
queue-empty = 目前没有等待处理的备案。
queue-header = <b>待处理的备案（{ $count }）</b>，等待最久的在前：
queue-header-paged = <b>待处理的备案（{ $count }）</b>，等待最久的在前（第 { $page }/{ $pages } 页）：
queue-line = { $index }. <b>{ $title }</b> · { $status } · 已等待 { $age }
age = { $days ->
    [0] {""}
   *[other] { $days } 天
}{ $hours } 小时 { $minutes } 分

review-notice-submitted = <b>{ $title }</b> — 新提交，等待初审（{ $type }）
review-notice-resubmitted = <b>{ $title }</b> — 修改后重新提交，等待初审
review-notice-withdrawn = <b>{ $title }</b> — 申请人已撤回
review-notice-sms_expired = <b>{ $title }</b> — 短信核验超时，申请人需重新提交
review-notice-verification_ready = <b>{ $title }</b> — 核验照片已上传，等待真实性核验

staff-header = <b>{ $title }</b>
    状态：{ $status } · { $type }
    提交时间：{ $submitted }（第 { $page }/{ $pages } 页）
staff-btn-documents = 📎 资料
staff-btn-history = 记录
staff-btn-changes = 变更（{ $count }）
staff-btn-approve = ✅ 初审通过
staff-btn-reject = ❌ 初审驳回
staff-btn-verify_pass = ✅ 核验通过
staff-btn-verify_fail = ❌ 核验不通过
staff-btn-to_authority = 已提交管局
staff-btn-authority_approve = ✅ 管局通过（填写备案号）
staff-btn-authority_reject = ❌ 管局驳回
staff-btn-sms-owner = ✔ { $name } 已完成短信核验
staff-btn-cancel = 取消
staff-btn-confirm-reject = 确认驳回（{ $count } 条）
staff-btn-confirm-authority_reject = 确认管局驳回（{ $count } 条）
staff-btn-confirm-verify_fail = 确认核验不通过（{ $count } 条）
staff-changes-header = <b>{ $title }</b> — 与上次提交相比的变更：
staff-no-changes = 没有变更。
staff-history-header = <b>{ $title }</b> — 办理记录
history-line = { $time } · { $what } · { $actor }
history-reason = 　原因：{ $target } — { $reason } { $note }
staff-pick-target = <b>{ $title }</b> — 选择需要修改的项目（第 { $page }/{ $pages } 页）
staff-pick-template = 为“{ $label }”选择原因：
staff-ask-note = 需要补充说明吗？直接输入文字，或点“跳过”。
staff-reasons-so-far = 已选择 { $count } 条原因：
staff-no-documents = 这份备案还没有资料。
staff-decided-elsewhere = 另一位审核人员已经处理了备案 { $number }（当前状态：{ $status }），你的操作没有生效。
staff-done = 已处理：备案 { $number } 当前状态为“{ $status }”。申请人已收到通知。
staff-changed = 这份备案在你打开后已有变化，已为你刷新，请重新确认。
staff-cancelled = 已取消。
staff-ask-numbers = 请输入备案 { $number } 的主体备案号，例如：京ICP备12345678号。网站备案号将按网站顺序自动编为 -1、-2 ……
command-queue = 待审核的备案
review-notice-review_overdue = ⚠️ <b>{ $title }</b> — 已等待初审超过 1 个工作日
