# Delivery: people who blocked the bot, groups that removed it, notices that could not be sent.

delivery-blocked-applicant = ⚠️ <b>{ $title }</b> — 申请人已屏蔽机器人。发给 TA 的通知已暂存，TA 重新打开机器人后会补发仍然有效的通知；如有急事请通过其他方式联系。
delivery-blocked-reviewer = ⚠️ 审核员 { $reviewer } 已屏蔽机器人。发给 TA 的审核推送已暂存，TA 重新打开机器人后补发。
delivery-group-removed = ⚠️ 审核群 { $chat } 已将机器人移出，群内不再收到推送；各审核员私聊中的推送不受影响。
delivery-undelivered = ⚠️ <b>{ $title }</b> — { $what }无法送达申请人（{ $reason ->
        [refused] Telegram 拒绝了这条消息
       *[gave_up] 多次重试仍然失败
    }）。请通过其他方式联系申请人。
delivery-what = { $kind ->
        [submitted] “已提交初审”通知
        [withdrawn] “已撤回”通知
        [approved_initial] “初审通过”通知
        [rejected_initial] “初审未通过”通知
        [verified] “真实性核验通过”通知
        [verify_failed] “核验照片未通过”通知
        [sms_opened] “短信核验”通知
        [sms_done] “短信核验完成”通知
        [sms_expired] “短信核验超时”通知
        [rejected_authority] “管局审核未通过”通知
        [approved] “备案已通过”通知
        [expired] “备案已失效”通知
        [sms] 短信核验提醒
        [rejection] 修改提醒
        [idle] 继续填写提醒
        [draft_warning] 草稿即将失效提醒
       *[other] 一条通知
    }
