## Step 5: the summary, the agreements, the SMS warning and submission.

summary-header = 备案 { $number } · 核对信息（第 { $page }/{ $pages } 页）
summary-row = <b>{ $label }</b>：{ $value }
btn-edit-field = ✏️ { $label }
btn-to-agreements = ✅ 信息无误，下一步
btn-view-agreement = 📄 查看{ $title }
btn-back-to-summary = ← 返回核对
btn-continue = 继续
btn-submit = 继续提交
agreements-intro = 请阅读并勾选以下两份协议，然后点“继续”。

agreement-security-title = 《信息安全管理协议》
agreement-terms-title = 《协助更改备案信息服务在线服务条款》
agreement-security-text = <b>信息安全管理协议（摘要）</b>
    1. 主办单位保证所填备案信息真实、准确、完整，并对其真实性负责。
    2. 网站不得制作、复制、发布、传播法律法规禁止的信息，并建立信息安全管理制度。
    3. 网站开通前须取得备案号；备案信息变化时，应在 30 日内办理变更。
    4. 违反上述约定的，服务商有权暂停接入服务，并配合主管部门依法处理。
agreement-terms-text = <b>协助更改备案信息服务在线服务条款（摘要）</b>
    1. 服务商依据你提交的信息，协助你向通信管理局提交、变更或注销备案。
    2. 你授权服务商为备案目的使用和保存所提交的证件与照片，服务商对其保密。
    3. 因信息不实导致备案被驳回或注销的，由主办单位承担责任。
    4. 你可以随时查询备案进度；备案完成后，请在网站底部展示备案号。

sms-popup = 提交管局后，负责人手机会收到 12381 短信验证码，须在 { $window }内到 beian.miit.gov.cn 完成核验，否则备案失败。
sms-warning = <b>提交前请注意：工信部短信核验</b>
    服务商把备案提交到管局后，负责人的手机会收到 12381 发来的 6 位验证码。
    请在 <b>{ $window }内</b>登录 beian.miit.gov.cn →「短信核验」，输入手机号码、证件号码后 6 位和验证码完成核验，否则备案失败。
    验证码最多重发 2 次；输错 5 次核验失败。
    
    确认无误后点“继续提交”。
submitted = ✅ <b>{ $title }</b> — 已提交初审。
    审核人员一般会在 <b>1 个工作日</b>内完成初审，结果会在这里通知你。发送 /status 可随时查看进度。
