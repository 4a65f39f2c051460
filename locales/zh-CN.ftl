## Errors

error-internal-short = 出了点问题，没有保存。请再试一次。
error-internal = 抱歉，出了点问题，这次的操作没有保存。请稍后再试一次。
error-not-admin = 只有本机器人的管理员可以创建村庄。
error-not-member = 您还没有加入村庄。请打开村里发的邀请链接，或发送 /join 邀请码。
error-not-onboarded = 请先完成加入：回答上面的问题，或发送 /start 继续。
error-village-not-yours = 您不在这个村庄里（或已经退出），这个按钮不能用了。发送 /village 查看您所在的村庄。
error-award-not-found = 找不到第 { $id } 号积分申请。
error-award-self-review = 第 { $id } 号积分申请是您提的，要由别人来审核。
error-award-already-reviewed = 第 { $id } 号积分申请已经审核过了。
error-award-reason-required = 不通过第 { $id } 号积分申请时请写明理由，村民会看到。
error-award-usage = 一份申请写 1 到 { $max } 位村民的编号。
error-award-member-not-found = 村里没有这些编号的正式村民：{ $numbers }。
error-award-daily-cap = 规则 { $code } 每人每天最多 { $cap } 次，这些编号今天已经到了：{ $numbers }。
error-award-yearly-cap = 规则 { $code } 每人每年最多 { $cap } 次，这些编号今年已经到了：{ $numbers }。
error-forbidden = 您没有权限做这件事。发送 /help 查看您可以使用的命令。
error-village-name-invalid = 请写上村名，例如：/newvillage 友谊村
error-invite-code-unknown = 邀请码不对。请核对村里发的 8 位邀请码，或直接打开邀请链接。
error-already-member = 您已经是{ $village }的村民了。发送 /me 查看您的信息。
error-member-not-found = 没有找到 { $number } 号村民。
error-role-unknown = 没有“{ $role }”这个身份。可用的身份：村民、村干部、书记、监督员、店主。
error-role-already-granted = { $number } 号村民已经有这个身份了。
error-role-not-granted = { $number } 号村民没有这个身份。
error-last-secretary = 村里至少要有一位书记，不能撤销最后一位书记。
error-role-villager-fixed = 每位成员都是村民，这个身份不能撤销。
error-name-invalid = 请发送您的真实姓名（文字，不要以 / 开头）。
error-household-invalid = 请发送您家的户名或门牌，例如“谢启富家”或“3组12号”。
error-text-too-long = 内容太长了：最多 { $max } 个字，您发了 { $length } 个字。
error-talk-not-found = 没有找到第 { $number } 号村民说事。发送 /issues 查看正在办理的事项。
error-talk-illegal-transition = 第 { $number } 号现在是“{ $status ->
        [OPEN] 待处理
        [ACKNOWLEDGED] 已回复
        [ASSIGNED] 已派办
        [IN_PROGRESS] 办理中
        [DONE] 已办完，待评价
        [RATED] 已评价
        [REOPENED] 重新处理
        [DECLINED] 暂不办理
        [MERGED] 已合并
        [CLOSED_UNRATED] 已关闭（未评价）
       *[other] { $status }
    }”状态，不能这样操作。
error-talk-empty = 内容是空的。请写几个字，或者发照片、语音、位置。
error-talk-already-rated = 第 { $number } 号已经评价过了，不用再评。
error-talk-not-hidden = 第 { $number } 号没有被隐藏。
error-talk-hidden = 第 { $number } 号已被隐藏，在监督员恢复之前不能派办、评价或采纳。
error-talk-not-done-yet = 第 { $number } 号还没有办完，办完后会请您评价。
error-talk-not-raiser = 只有提出第 { $number } 号的村民才能评价它。
error-talk-not-assignee = 第 { $number } 号不是派给您的任务，只有负责的村干部或书记可以操作。
error-talk-due-invalid = 期限看不懂或已经过去了。请写天数（如 3 表示 3 天内，0 表示今天）或日期（如 12-01）。
error-talk-merge-self = 不能把一件事合并到它自己。
error-talk-reason-required = 请写上内容或理由，例如：/decline 5 灌溉期结束后再修
error-talk-stars-invalid = 评分要在 1 到 5 星之间。
error-talk-not-suggestion = 第 { $number } 号不是“建议”类，不能采纳。
error-comment-not-found = 没有找到这条评论。
error-talk-assign-cadre-unreadable = 请点一位村干部，或发他/她的编号（如 2），后面可以跟期限（如 2 3）。
error-member-not-cadre = { $number } 号村民不是村干部，不能派给他/她。
error-point-rule-usage =
    用法：
    /pointrule add <代码> <分值> [daily=次数] [yearly=次数] <说明>
    /pointrule edit <代码> <分值> [daily=次数|none] [yearly=次数|none] [说明]
    /pointrule retire <代码>
    例如：/pointrule add help-neighbour +8 daily=1 团结邻里、互帮互助（有证明材料）
    只写一种语言的说明，中英文都用它；写“zh:… en:…”可分别给出中文和英文。
error-point-rule-code-invalid = “{ $code }”不能作规则代码：请用小写字母、数字和连字符（最多 { $max } 个字符），如 help-neighbour。
error-point-rule-points-invalid = “{ $points }”不是有效的分值：请写 0 以外的整数，范围 -{ $max } 到 +{ $max }，如 +8 或 -5。
error-point-rule-cap-invalid = “{ $cap }”不是有效的上限：请写 daily=次数 或 yearly=次数（次数为 1 以上的整数），或 daily=none 取消上限。
error-point-rule-description-invalid = 请写规则说明（一行，不以 / 开头），如：团结邻里、互帮互助。分别写中英文：zh:帮助邻居 en:Helping neighbours
error-point-rule-exists = 已有规则 { $code }。要修改请发：/pointrule edit { $code } <分值> [说明]
error-point-rule-code-retired = 代码 { $code } 属于一条已停用的规则；代码不重复使用，因为以往的积分记录引用它。请换一个代码。
error-point-rule-not-found = 没有规则 { $code }。发送 /rules points 查看积分规则。
error-point-rule-retired = 规则 { $code } 已停用，不能再修改。
error-point-rule-unchanged = 规则 { $code } 本来就是这样，没有改动。
error-point-rule-changed-meanwhile = 规则 { $code } 刚被别人修改了。请发送 /rules points 查看最新内容后再试。
error-join-awaiting-approval = 您的加入申请正在等待书记或村干部审核，通过后会通知您。发送 /cancel 可以撤回申请。
error-join-awaiting-household = 您的加入申请正在等待户里的成员确认，确认后会通知您。发送 /cancel 可以撤回申请。
error-join-request-not-found = 没有找到这个加入申请。
error-join-already-decided = 这个申请已经由{ $name }{ $outcome ->
        [approved] 批准
        [rejected] 拒绝
        [confirmed] 确认
       *[refused] 拒绝
    }了。
error-join-request-closed = 申请人已经撤回了这个申请。
error-household-not-yours = 只有这一户的成员或书记可以确认。

## Volunteers

error-call-not-found = 没有找到第 { $callNumber } 号志愿活动。
error-call-closed = 第 { $callNumber } 号志愿活动已经停止报名了。
error-shift-not-found = 第 { $callNumber } 号志愿活动没有第 { $position } 班。
error-shift-started = 第 { $callNumber } 号志愿活动的第 { $position } 班已经开始了，不能再报名或退出。
error-shift-overlap = 您已经报名了第 { $callNumber } 号志愿活动的第 { $position } 班（{ $place }），时间和这一班重叠。同一时间只能去一个地方。
error-shift-not-signed-up = 第 { $callNumber } 号志愿活动第 { $position } 班的名单里没有这个报名。
error-shift-cancel-too-late = 开始前 { $minutes } 分钟以内不能退出了，别人来不及补上。如果去不了，请直接告诉负责人。
error-shift-check-in-closed = 现在不能签到。签到时间是开始前 { $minutes } 分钟到结束。
error-shift-not-checked-in = 您还没有签到，不能签退。
error-shift-already-checked-out = 您已经签退了，这一班的时间已经记下。
error-shift-check-out-closed = 签退时间已经过了（结束后 { $minutes } 分钟内）。没有签退的，按这一班的结束时间计算。
error-shift-marked-no-show = 负责人把您记为没有到岗。如果您其实来了，请找负责人帮您签到。
error-shift-not-supervisor = 只有第 { $callNumber } 号志愿活动第 { $position } 班的负责人（或书记）可以这样做。
error-shift-score-invalid = 请打 { $min } 到 { $max } 分。
error-shift-not-started = 第 { $callNumber } 号志愿活动的第 { $position } 班还没有开始，开始后才能打分、评价或举报。
error-shift-scoring-closed = 第 { $callNumber } 号志愿活动第 { $position } 班的积分已经在审核了，不能再打分、记缺岗或举报。
error-shift-checked-in = { $number } 号已经签到了，不能记为没有到岗。
error-shift-rating-own = 您是这一班的志愿者，不能给自己这一班打分。
error-shift-report-self = 不能举报自己。
error-shift-report-invalid = { $field ->
        [deduction] 扣分要在 1 到 { $max } 分之间。
       *[reason] 请写明举报理由，最多 { $max } 个字，例如：值班时离开岗位一个小时
    }
error-shift-report-not-found = 没有找到第 { $id } 号举报。
error-shift-report-decided = 第 { $id } 号举报已经处理过了。

## Onboarding

village-created =
    村庄“{ $name }”已创建，您是书记。
    邀请码：{ $code }
    邀请链接：{ $link }
    把链接发给村民，他们点开就能加入。
    村民会在事项和记录里看到您的名字。{ $question }
start-newcomer =
    您好！我是映山，村务小助手。
    请打开村里发的邀请链接加入村庄，或发送 /join 邀请码。
start-member =
    欢迎回来！您是{ $village }的{ $roles }。
    { help-talk-hint }
    发送 /help 查看可用的命令。
join-usage = 请在 /join 后面写上邀请码，例如：/join ABCD2345
join-welcome =
    欢迎加入{ $village }！您的村民编号是 { $number } 号。

    { $question }
join-ask-name = 请发送您的真实姓名：
join-ask-household = 请发送您家的户名或门牌（例如“谢启富家”或“3组12号”）：
join-done =
    好了！您已加入{ $village }。
    编号：{ $number } 号
    户：{ $household }
    { help-talk-hint }
    发送 /me 查看您的信息，/help 查看可用的命令。
join-cancelled = 已取消加入。以后可以再次打开邀请链接加入。
join-cancelled-back = 已取消加入。您回到了{ $village }。以后可以再次打开邀请链接加入。
cancel-nothing = 现在没有需要取消的操作。
join-approval-asked =
    谢谢！您加入{ $village }的申请已提交，书记或村干部审核后会通知您。
    编号：{ $number } 号
    户：{ $household }
    在此之前发送 /cancel 可以撤回申请。
join-household-asked =
    “{ $household }”这一户已经有人了：我们已请这一户的成员（或书记）确认您是这一户的人，确认后会通知您。
    发送 /cancel 可以撤回申请。
join-awaiting-approval = 您加入{ $village }的申请正在等待书记或村干部审核，审核后会通知您。发送 /cancel 可以撤回申请。
join-awaiting-household = 您加入{ $village }的申请正在等待户里的成员确认，确认后会通知您。发送 /cancel 可以撤回申请。
join-notice-approval-request =
    新村民申请加入{ $village }：
    姓名：{ $name }
    编号：{ $number } 号
    户：{ $household }
    请确认是本村的人，再批准或拒绝。
join-notice-household-request =
    { $name }（{ $number } 号）申请加入{ $village }，说自己是“{ $household }”这一户的人。是您家的人吗？
join-notice-approved = { join-done }
join-notice-rejected = 很抱歉，您加入{ $village }的申请没有通过。如有疑问，请联系村里的书记。
join-notice-household-refused =
    这一户的成员没有确认您是他们家的人。
    { join-ask-household }
join-notice-household-confirmed-awaiting = 户里的成员已确认您是“{ $household }”的人。现在等待书记或村干部审核，审核后会通知您。
join-button-approve = ✅ 批准
join-button-reject = ❌ 拒绝
join-button-confirm-household = ✅ 是我家的人
join-button-refuse-household = ❌ 不是
join-approved = 已批准 { $number } 号 { $name } 加入。
join-rejected = 已拒绝 { $number } 号 { $name } 的加入申请。
join-household-confirmed = 已确认 { $number } 号 { $name } 是这一户的人。
join-household-refused = 已告诉 { $number } 号 { $name }：不是这一户的人。

## Profile

me-profile =
    姓名：{ $name }
    村庄：{ $village }
    编号：{ $number } 号
    户：{ $household }
    身份：{ $roles }
me-no-household = 未登记
list-separator = 、
help-newcomer =
    您还没有加入村庄。可以使用：

    { $commands }
help-member =
    { help-talk-hint }

    您在{ $village }可以使用这些命令：

    { $commands }
help-talk-hint = 有事要反映？直接发文字、照片、语音或位置给我，就会提交给村里（村民说事）。
help-command = /{ $command } — { $description }
lang-choose = 请选择语言：
lang-switched = 好的，以后用中文和您交流。
lang-name-zh-CN = 中文
lang-name-en = English

## Roles

role-VILLAGER = 村民
role-CADRE = 村干部
role-SECRETARY = 书记
role-SUPERVISOR = 监督员
role-SHOPKEEPER = 店主
grant-usage = 用法：/grant 村民编号 身份，例如：/grant 12 村干部
revoke-usage = 用法：/revoke 村民编号 身份，例如：/revoke 12 村干部
grant-done = 已授予 { $number } 号 { $name } “{ $role }”身份。
revoke-done = 已撤销 { $number } 号 { $name } 的“{ $role }”身份。
grant-notice =
    您在{ $village }获得了新的身份：{ $role ->
        [CADRE] 村干部
        [SECRETARY] 书记
        [SUPERVISOR] 监督员
        [SHOPKEEPER] 店主
       *[other] 村民
    }。发送 /help 查看新的命令。
revoke-notice =
    您在{ $village }的身份已撤销：{ $role ->
        [CADRE] 村干部
        [SECRETARY] 书记
        [SUPERVISOR] 监督员
        [SHOPKEEPER] 店主
       *[other] 村民
    }。

## Commands

command-start = 开始 / 加入村庄
command-join = 用邀请码加入村庄
command-me = 我的信息
command-village = 我的村庄：查看和切换
command-help = 可用的命令
command-lang = 切换语言 / Language
command-grant = 授予身份（书记）
command-revoke = 撤销身份（书记）
command-cancel = 取消当前操作
command-newvillage = 创建村庄（管理员）
command-talk = 村民说事：反映问题或提建议
command-talk_for = 代村民登记说事（干部）
command-issues = 正在办理的事项
command-issue = 查看一件事的全过程
command-comment = 评论一件事
command-follow = 关注一件事
command-unfollow = 取消关注
command-report = 举报不当评论
command-rate = 评价办理结果
command-inbox = 待回应的说事（书记）
command-reply = 公开回复（书记）
command-unassign = 取消派办，退回待处理（书记）
command-assign = 派给村干部办理（书记）
command-decline = 暂不办理并说明理由（书记）
command-merge = 合并重复的事项（书记）
command-adopt = 采纳建议（书记）
command-hide = 隐藏事项（书记）
command-restore = 恢复被隐藏的事项（监督员）
command-hidecomment = 隐藏评论（书记）
command-linkgroup = 在村群里发送，绑定村群（书记）
command-invite = 邀请链接（干部）
command-settings = 村庄设置（书记）
command-rules = 村规民约（/rules points 积分规则表）
command-receipts = 表决结束后的全部回执，可核对和重新计票
command-pointrule = 添加、修改或停用积分规则（书记）
command-tasks = 我的任务（干部）
command-progress = 记录办理进展（干部）
command-done = 标记办完（干部）

## Talk

talk-category-FACILITY = 设施
talk-category-ENVIRONMENT = 环境
talk-category-SAFETY = 安全
talk-category-SUGGESTION = 建议
talk-category-DISPUTE = 纠纷
talk-category-OTHER = 其他
talk-status-OPEN = 待处理
talk-status-ACKNOWLEDGED = 已回复
talk-status-ASSIGNED = 已派办
talk-status-IN_PROGRESS = 办理中
talk-status-DONE = 已办完，待评价
talk-status-RATED = 已评价
talk-status-REOPENED = 重新处理
talk-status-DECLINED = 暂不办理
talk-status-MERGED = 已合并
talk-status-CLOSED_UNRATED = 已关闭（未评价）
talk-task-status-ASSIGNED = 未开始
talk-task-status-IN_PROGRESS = 办理中
talk-task-status-DONE = 已办完
talk-task-status-CANCELLED = 已取消
talk-outcome-RESOLVED = 已解决
talk-outcome-PARTLY_RESOLVED = 部分解决
talk-outcome-NOT_RESOLVED = 没有解决
talk-prompt = 您想反映什么？直接发文字、照片（可以配文字）、语音或位置给我就行。
talk-for-usage = 用法：/talk_for 村民编号 内容，例如：/talk_for 12 3组水渠坏了
talk-ask-category = 这件事属于哪一类？
talk-ask-category-voice = 收到语音。这件事属于哪一类？（也可以先打几个字作为标题）
talk-ask-category-short = 请先选择类别。
talk-draft-confirm = 类别：{ $category }。确认提交吗？
talk-similar-intro = 村里已经有人说过类似的事，是其中一件吗？点“我也是”就行，不用重复提交：
talk-similar-line = 第 { $number } 号：{ $text }（{ $likes } 人也反映）
talk-draft-expired = 这份草稿已经不在了，请重新发送。
talk-draft-cancelled = 已取消，没有提交。
talk-submitted = 已提交，编号第 { $number } 号。村里办理时会通知您，发送 /issue { $number } 可随时查看。
talk-submitted-for = 已为 { $member } 号村民登记，编号第 { $number } 号。
talk-button-submit = ✅ 提交
talk-button-cancel = ✖️ 取消
talk-button-metoo = 👍 我也是（{ $count }）
talk-button-metoo-number = 👍 第 { $number } 号我也是
talk-button-comment = 💬 评论
talk-button-follow = 🔔 关注
talk-button-reply = 回复
talk-button-assign = 派办
talk-button-decline = 暂不办理
talk-button-merge = 合并
talk-button-start = 开始办理
talk-button-done = 办完了
talk-button-report = 举报评论 { $id }
talk-button-skip = 不写了
talk-card-head = 【村民说事 第 { $number } 号 · { $category }】
talk-card-voice = 🎤 语音留言
talk-card-media = （照片或位置）
talk-card-location = 📍 位置：{ NUMBER($latitude, maximumFractionDigits: 5) }, { NUMBER($longitude, maximumFractionDigits: 5) }
talk-card-raised = 提出人：{ $raiser }
talk-card-raised-for = 提出人：{ $raiser }（{ $enteredBy } 代为登记）
talk-card-status = 状态：{ $status } · 👍 { $likes }
talk-list-line = 第 { $number } 号 [{ $category }] { $text } —— { $status }，👍 { $likes }
talk-metoo-counted = 已记下，第 { $number } 号现在有 { $count } 人反映。
talk-metoo-already = 您已经点过了，第 { $number } 号共有 { $count } 人反映。
talk-metoo-instead = 好的，您的意见已算进第 { $number } 号，草稿不再提交。办理进展会通知您。
talk-ask-comment = 请发送您对第 { $number } 号的评论（发送 /cancel 取消）：
talk-comment-unreachable = 我没法私聊您。请打开 @{ $bot } 点“开始”，再点一次 💬。
talk-asked-privately = 请到和我的私聊里写评论。
talk-commented = 评论已发表在第 { $number } 号下。
talk-comment-usage = 用法：/comment 编号 评论内容，例如：/comment 3 我家门口也是
talk-followed = 已关注第 { $number } 号，有新进展会通知您。
talk-unfollowed = 已取消关注第 { $number } 号。
talk-follow-usage = 用法：/follow 编号
talk-issues-title = 正在办理的事项（按反映人数）：
talk-issues-empty = 现在没有正在办理的事项。有事想说，直接发给我就行。
talk-issue-usage = 用法：/issue 编号，例如：/issue 3
talk-item-hidden = 第 { $number } 号村民说事已被 { $by } 隐藏，原因：{ $reason }
talk-timeline-title = 办理经过：
talk-timeline-merged-into = 已合并到第 { $into } 号，请看那里的进展。
talk-event-system = 系统
talk-event-raised = { $by } 提出
talk-event-raised-for = { $enteredBy } 代 { $by } 登记
talk-event-status = { $by }：{ $status }
talk-event-reason = （{ $reason }）
talk-event-comment = { $by } 评论[{ $id }]：{ $text }
talk-event-comment-hidden = { $by } 的评论[{ $id }]已被 { $hiddenBy } 隐藏，理由：{ $reason }
talk-timeline-hidden-for-supervisors = ⚠️ 已被 { $by } 隐藏（理由：{ $reason }）。只有监督员能看到；可用 /restore 恢复。
talk-event-hidden = { $by } 隐藏了这件事，理由：{ $reason }
talk-event-restored = { $by } 恢复了这件事，理由：{ $reason }
talk-event-task = 派给 { $assignee }（{ $number } 号）办理，期限 { $due }
talk-event-note = { $by } 记录进展：{ $text }
talk-event-photo = （附照片）
talk-event-rating = { $by } 评价：{ $stars } 星，{ $outcome }
talk-event-rating-comment = ，“{ $comment }”
talk-report-hint = 如果哪条评论不妥，可以点下面的按钮举报：
talk-report-usage = 用法：/report 评论编号（在 /issue 里方括号中的数字）
talk-reported = 已收到举报，书记会查看评论 { $id }（共 { $reports } 人举报）。
talk-hide-usage = 用法：/hide 编号 理由
talk-restore-usage = 用法：/restore 编号 理由，例如 /restore 5 反映的情况属实
talk-restored = 第 { $number } 号已恢复显示，已通知书记。
talk-hidden = 第 { $number } 号已隐藏。
talk-hidecomment-usage = 用法：/hidecomment 评论编号 理由
talk-comment-hidden = 评论 { $id } 已隐藏，事项记录里会注明。
talk-flood = 您发得太快了，请稍等 { $seconds } 秒再发。谢谢理解！
talk-group-linked = 已绑定：本群是{ $village }的村群。村民说事会发到这里，回复事项消息就是评论。
talk-inbox-title = 待回应的说事共 { $count } 件（先提的在前）：
talk-inbox-empty = 没有待回应的说事。
talk-ask-reply = 请发送对第 { $number } 号的公开回复（发送 /cancel 取消）：
talk-ask-assign = 第 { $number } 号派给谁办？点一位村干部，或发他/她的编号（发送 /cancel 取消）：
talk-ask-decline = 请发送暂不办理第 { $number } 号的理由，村民都能看到：
talk-ask-merge = 请发送 /merge { $number } 目标编号，把第 { $number } 号合并到另一件事。
talk-ask-due = { $name }（{ $cadre } 号）要在什么时候前办完第 { $number } 号？点按钮，或发天数（3）或日期（12-01）：
talk-ask-due-date = 请发第 { $number } 号的期限日期，例如 12-01（也可以发天数，如 3）：
talk-assign-no-cadres = 村里还没有村干部。请先用 /grant 编号 村干部 指定一位。
talk-button-due-3 = 3 天内
talk-button-due-7 = 一周内
talk-button-due-date = 选日期…
talk-step-expired = 这条消息离关于第 { $number } 号的提问已超过 { $minutes } 分钟，提问已关闭，这条消息没有用上。
talk-step-moot = 第 { $number } 号现在是“{ $status }”，关于它的提问已关闭，这条消息没有用上。
talk-step-gone = 已不存在
talk-step-again-comment = 要评论它：/comment { $number } 内容
talk-step-again-reply = 要回复它：/reply { $number } 内容
talk-step-again-decline = 要暂不办理：/decline { $number } 理由
talk-step-again-assign = 要派给村干部：/assign { $number }
talk-step-again-rate-comment = 要评价：/rate { $number }
talk-replied = 已公开回复第 { $number } 号。
talk-reply-usage = 用法：/reply 编号 回复内容
talk-assign-usage = 用法：/assign 编号（再选村干部和期限），或 /assign 编号 村干部编号 期限，例如 /assign 5 2 3（3 天内）或 /assign 5 2 12-01
talk-reassigned = 第 { $number } 号改派给 { $name }（{ $cadre } 号），期限 { $due }；已通知原来的村干部。
talk-unassigned = 第 { $number } 号的派办已取消，退回待处理。
talk-unassign-usage = 用法：/unassign 编号，例如 /unassign 5
talk-assigned = 第 { $number } 号已派给 { $name }（{ $cadre } 号），期限 { $due }。
talk-decline-usage = 用法：/decline 编号 理由，例如：/decline 5 灌溉期结束后再修
talk-declined = 第 { $number } 号已标为暂不办理，理由已公开。
talk-merge-usage = 用法：/merge 编号 目标编号，例如：/merge 7 3
talk-merged = 第 { $number } 号已合并到第 { $into } 号，反映的人和关注的人都已转过去。
talk-adopt-usage = 用法：/adopt 编号
talk-adopted = 第 { $number } 号建议已采纳，已为提出人申请积分。
talk-adopted-again = 第 { $number } 号建议之前已经采纳过了。
talk-tasks-title = 您有 { $count } 件任务（期限近的在前）：
talk-tasks-empty = 您现在没有任务。
talk-task-line = 第 { $number } 号：{ $text }（期限 { $due }，{ $status }）
talk-started = 第 { $number } 号已开始办理。
talk-progress-usage = 用法：/progress 编号 进展，或发照片并配文字“/progress 编号 进展”
talk-progress-saved = 第 { $number } 号的进展已记录。
talk-done-usage = 用法：/done 编号
talk-done = 第 { $number } 号已标为办完，已请提出人评价。
talk-rate-usage = 用法：/rate 编号
talk-rate-nothing = 您没有等待评价的事项。
talk-rate-waiting = 这些事已经办完，请评价（发送 /rate 编号）：
talk-rate-waiting-line = 第 { $number } 号：{ $text }
talk-rate-ask-stars = 第 { $number } 号办完了，您满意吗？请打分（1 到 5 星）：
talk-rate-ask-outcome = 您打了 { $stars } 星。问题解决了吗？
talk-rate-ask-comment = 还想说点什么吗？直接发文字，或点“不写了”。
talk-rated-closed = 谢谢您的评价！第 { $number } 号已办结。
talk-rated-reopened = 谢谢您的评价。第 { $number } 号已重新打开，书记会再安排办理。
talk-notice-raised-for = 村干部已为您登记了一件说事，编号第 { $number } 号。发送 /issue { $number } 查看，有进展会通知您。
talk-notice-comment = 第 { $number } 号有新评论。发送 /issue { $number } 查看。
talk-notice-reply = 书记回复了第 { $number } 号。发送 /issue { $number } 查看。
talk-notice-assigned = 第 { $number } 号已派给 { $cadre } 办理，期限 { $due }。
talk-notice-task-reassigned = 第 { $number } 号已改派给别的村干部，您不用再办了。
talk-notice-task-cancelled = 第 { $number } 号的任务已取消（暂不办理、合并或收回），您不用再办了。
talk-notice-hidden = { $by } 隐藏了第 { $number } 号，理由：{ $reason }。作为监督员，您可以用 /issue { $number } 查看，用 /restore { $number } 理由 恢复。
talk-notice-restored = 监督员 { $by } 恢复了第 { $number } 号，理由：{ $reason }。
talk-notice-task = 您有一件新任务：第 { $number } 号，期限 { $due }。发送 /tasks 查看。
talk-notice-declined = 第 { $number } 号暂不办理。发送 /issue { $number } 查看理由。
talk-notice-merged = 第 { $number } 号和第 { $into } 号是同一件事，已合并到第 { $into } 号，之后的进展请看那里。
talk-notice-started = 第 { $number } 号已开始办理。
talk-notice-progress = 第 { $number } 号有新进展。发送 /issue { $number } 查看。
talk-notice-done = 第 { $number } 号已办完。
talk-notice-rate = 您反映的第 { $number } 号已办完，您满意吗？请点星星打分（也可以稍后发送 /rate { $number }）。
talk-notice-reopened = 第 { $number } 号的提出人只打了 { $stars } 星或认为没有解决，事项已重新打开，请再安排。发送 /inbox 查看。
talk-notice-adopted = 您的建议第 { $number } 号被采纳了，已为您申请积分。谢谢！
talk-notice-reported = 第 { $number } 号下的评论 { $id } 被举报为不当言论。发送 /issue { $number } 查看；如需隐藏，发送 /hidecomment { $id } 理由（理由会公开）。

## Village settings

settings-show =
    { $village }的设置：
    新村民加入需要审核：{ $approval ->
        [on] 开
       *[off] 关
    }
    干部可以互相审核积分申请：{ $review ->
        [on] 开
       *[off] 关
    }
    邀请链接：{ $link }

    修改：/settings approval on 或 /settings approval off；/settings review cadres on 或 off
    换一个邀请码（旧链接随即失效）：/invite new
settings-usage = 用法：/settings approval on（新村民需要书记或村干部审核）或 /settings approval off（回答完问题就直接加入）；志愿招募：/settings quiet 22:00-07:00（或 off）、/settings reminder 60、/settings noshow -5、/settings paid 100（星，或 off）
settings-review-set = { $review ->
        [on] 已开启：村干部也可以审核别的干部提的积分申请（不能审核自己的）。
       *[off] 已关闭：积分申请只由书记和监督员审核。
    }
settings-review-unchanged = { $review ->
        [on] 干部审核本来就是开启的。
       *[off] 干部审核本来就是关闭的。
    }
settings-approval-set = { $approval ->
        [on] 已开启审核：新村民加入需要书记或村干部批准。
       *[off] 已关闭审核：新村民回答完问题就直接加入。已在等待审核的申请仍需批准。
    }
settings-approval-unchanged = { $approval ->
        [on] 审核本来就是开启的。
       *[off] 审核本来就是关闭的。
    }
invite-current =
    邀请码：{ $code }
    邀请链接：{ $link }
    把链接发给村民，他们点开就能加入。
invite-rotated =
    已换新的邀请码，旧的邀请链接不能再用了。
    邀请码：{ $code }
    邀请链接：{ $link }
invite-usage = 用法：/invite 查看邀请链接；/invite new 换一个新的邀请码（旧的链接随即失效）。

## Unhandled

unknown-command = 没有这个命令。发送 /help 查看可用的命令。
unhandled-text = 收到。现在我还不能处理这条消息，发送 /help 查看可用的命令。
unhandled-message = 我现在只能看懂文字和命令。发送 /help 查看可用的命令。
unhandled-button = 这个按钮已经失效了。

## Talk reminders

talk-reminder-due = ⏰ 提醒：第 { $number } 号村民说事将于 { $due } 到期，请抓紧办理。办完后发送 /tasks 标记完成。
talk-overdue-escalation = ⚠️ 第 { $number } 号村民说事已超期：负责人 { $cadre }，期限 { $due }，至今还没有办完。请及时跟进。
talk-overdue-cadre = ⚠️ 第 { $number } 号村民说事已过期限（{ $due }），还没有办完。请尽快处理，办完后发送 /tasks 标记完成；遇到困难请及时告诉书记。
talk-closed-unrated = 第 { $number } 号村民说事办完已满 { $days } 天，您还没有评价，已按“已解决（未评价）”关闭。如果问题还在，欢迎再次反映。

## Villages (a person in several)

village-list-title = 您在这些村庄：
village-list-line = { $current ->
    [yes] ▶ { $village }：{ $roles }，第 { $number } 号（当前）
   *[no] · { $village }：{ $roles }，第 { $number } 号
}
village-list-unfinished = 还没加入完
village-list-hint = 点下面的村名切换。您的消息和命令在当前村庄生效；旧消息上的按钮仍在原来的村庄生效。
village-list-only-one = 您只在{ $village }一个村庄。
village-list-none = 您还没有加入村庄。请打开村里发的邀请链接，或发送 /join 邀请码。
village-switched = 已切换到{ $village }。您在这里是{ $roles }。
village-switch-same = 您已经在{ $village }了。
start-member-villages = 您在 { $count } 个村庄，发送 /village 切换。

## Points

points-notice-applied = 积分 { $points } 分：{ $reason }。已记入村里的积分账本第 { $sequence } 条（指纹 { $hash }），这串数字可以用来核对账本没有被改过。

## Points rules

points-rules-title = { $village }积分规则：
points-rules-empty = { $village }目前没有生效的积分规则。
points-rules-more = （续）
points-rules-line = { $points }分  { $description } · { $code }{ $caps }
points-rules-caps = （{ $caps }）
points-rules-cap-daily = 每日最多 { $count } 次
points-rules-cap-yearly = 每年最多 { $count } 次
points-rules-footer = 村干部按这些规则提出积分，每笔都经审核。
pointrule-added = 已添加规则 { $code }（第 1 版）：{ $line }
pointrule-edited = 规则 { $code } 已更新为第 { $version } 版：{ $line }
pointrule-retired = 规则 { $code } 已停用（第 { $version } 版），不再列入积分规则表。
points-rule-announce-add =
    📋 新增积分规则（{ $code }）：
    { $line }
points-rule-announce-edit =
    📋 积分规则 { $code } 已修改（第 { $version } 版）：
    现在：{ $line }
    原来：{ $before }
points-rule-announce-retire =
    📋 积分规则 { $code } 已停用（第 { $version } 版）：{ $line }
    新的积分不再按此规则计算。

## Points: awards

command-award = 申请积分（干部）：/award 编号 规则代码 说明
command-awards = 待审核的积分申请
command-award_ok = 批准积分申请
command-award_no = 不批准积分申请（写明理由）
points-award-usage =
    用法：/award 村民编号 规则代码 说明
    例如：/award 3 help-neighbour 帮谢家收稻谷
    多人一起：/award 3,5,7 volunteer-hour 清理河道（也可以写 3-9）
    发送 /rules points 查看规则代码。
points-proposed = 已提交第 { $batch } 号积分申请：{ $count } 人，每人 { $points } 分（{ $code }）。审核后会通知本人。
points-proposed-no-reviewer = 已提交第 { $batch } 号积分申请：{ $count } 人，每人 { $points } 分（{ $code }）。村里现在没有别的审核人（书记或监督员），请他们发送 /awards 审核。
points-notice-proposed = 新的积分申请第 { $batch } 号：{ $count } 人（编号 { $numbers }），每人 { $points } 分，规则 { $code }，由 { $proposer } 号提出。发送 /awards 查看说明。
points-button-approve = ✅ 批准
points-button-reject = ❌ 不批准
points-reject-how = 不批准时要写明理由，村民会看到。请发送：/award_no { $batch } 理由
points-review-usage = 用法：/award_ok 申请编号，或 /award_no 申请编号 理由
points-reviewed-approved = 已批准第 { $batch } 号积分申请（{ $count } 人）。
points-reviewed-rejected = 已不批准第 { $batch } 号积分申请（{ $count } 人），理由已告知本人。
points-notice-approved = 您的积分 { $points } 分（第 { $id } 号）已批准，{ $hours } 小时后记入积分账本。如有异议，请在这之前发送 /appeal { $id } 理由 提出申诉。
points-notice-approved-now = 您的积分 { $points } 分（第 { $id } 号）已批准，马上记入积分账本。
points-notice-rejected = 您的积分申请 { $points } 分（第 { $id } 号）没有通过，理由：{ $reason }
points-awards-empty = 没有待审核的积分申请。
points-awards-title = 待审核的积分申请共 { $count } 份：
points-awards-line = 第 { $batch } 号：编号 { $numbers }，每人 { $points } 分（{ $code }），说明：{ $reason }。由 { $proposer } 号提出。

## Points: the ledger

command-verify = 核对村里的积分账本
points-verify-ok = { $village }的积分账本完好：共 { $entries } 条，从第一条到最新一条环环相扣，最新指纹 { $hash }；和群里公示过的 { $checkpoints } 个核对点都对得上。
points-verify-empty = { $village }的积分账本还没有记录。
points-verify-broken = ⚠️ { $village }的积分账本从第 { $sequence } 条起对不上（{ $reason }）。请告诉书记和监督员，并保留您收到的积分通知。
points-verify-reason-hash-mismatch = 这一条的内容被改过
points-verify-reason-broken-link = 这一条和前一条接不上
points-verify-reason-gap = 有记录不见了
points-verify-reason-checkpoint-mismatch = 和群里公示的核对点不一致
points-verify-reason-head-mismatch = 账本末尾被改过
points-checkpoint-post =
    📒 积分账本公示（{ $village }）
    截至今天共 { $sequence } 条，最新一条的指纹是：
    { $hash }
    请大家留着这条消息：以后任何人发 /verify，都会拿账本和它核对，账本被改过就对不上。

## Points: appeals

command-appeal = 对自己的积分提出申诉：/appeal 积分编号 理由
command-appeals = 待决定的积分申诉（书记）
command-appeal_uphold = 支持申诉：这笔积分作废（书记）
command-appeal_reject = 驳回申诉：这笔积分马上记账（书记）
error-appeal-not-yours = 第 { $id } 号积分不是给您的，只有本人可以申诉。
error-appeal-not-approved = 第 { $id } 号积分还没有批准（或没有通过），现在不能申诉。
error-appeal-window-closed = 第 { $id } 号积分的申诉期已经过了，积分已经或正在记入账本。
error-appeal-already-made = 第 { $id } 号积分已经申诉过了，每笔积分只能申诉一次。
error-appeal-reason-required = 请写明申诉理由，例如：/appeal 12 那天我不在村里
error-appeal-not-found = 第 { $id } 号积分没有申诉。发送 /appeals 查看待决定的申诉。
error-appeal-already-decided = 第 { $id } 号积分的申诉已经决定过了。
error-appeal-own-award = 第 { $id } 号积分是给您本人的，申诉要由另一位书记决定。
error-appeal-decision-reason-required = 请写明决定的理由，村民会看到，例如：/appeal_uphold 12 照片里不是本人
points-appeal-usage =
    用法：/appeal 积分编号 理由
    积分批准后、记入账本前可以申诉一次，由书记决定。
points-appealed = 已提交对第 { $id } 号积分（{ $points } 分）的申诉。书记决定之前，这笔积分不会记入账本；决定后会通知您。
points-notice-appeal = { $name }（{ $number } 号）对第 { $id } 号积分（{ $points } 分）提出了申诉。发送 /appeals 查看理由。
points-appeal-decide-usage =
    用法：/appeal_uphold 积分编号 理由（支持申诉，这笔积分作废）
    或：/appeal_reject 积分编号 理由（驳回申诉，积分马上记账）
points-appeals-empty = 没有待决定的积分申诉。
points-appeals-title = 待决定的积分申诉共 { $count } 件：
points-appeals-line =
    第 { $id } 号积分：{ $name }（{ $number } 号），{ $points } 分，事由：{ $award }
    申诉理由：{ $reason }
    支持：/appeal_uphold { $id } 理由　驳回：/appeal_reject { $id } 理由
points-appeal-upheld = 已支持对第 { $id } 号积分（{ $points } 分）的申诉，这笔积分作废，理由已告知本人。
points-appeal-rejected = 已驳回对第 { $id } 号积分（{ $points } 分）的申诉，积分马上记入账本，理由已告知本人。
points-notice-appeal-upheld = 您对第 { $id } 号积分（{ $points } 分）的申诉得到支持，这笔积分作废，不记入账本。书记的理由：{ $reason }
points-notice-appeal-rejected = 您对第 { $id } 号积分（{ $points } 分）的申诉被驳回，积分马上记入账本。书记的理由：{ $reason }

## Points: balances and ranking

command-points = 我的积分：余额、排名、星级和最近记录
command-top = 积分榜：/top 本周、本月或全部
points-view-title = { $name }（{ $number } 号）· { $village }
points-view-balance = 积分：{ $balance } 分  { $stars }
points-view-rank = 全村排名：第 { $rank } 名（共 { $count } 人）
points-view-household = { $household }：{ $total } 分，全村第 { $rank } 户（共 { $count } 户）
points-view-none = 您还没有积分。按村里的积分规则参加活动就能得分，发送 /rules points 看看怎么得分。
points-view-recent = 最近记录：
points-view-entry = { $date } { $amount }分 { $reason }（#{ $sequence } · { $hash }）
points-view-footer = 括号里是账本条目号和指纹，可用来核对账本没有被改过。
points-top-title = { $period ->
    [week] { $village }本周积分榜：
    [month] { $village }本月积分榜：
   *[all] { $village }累计积分榜：
}
points-top-line = { $rank }. { $name }（{ $number } 号）{ $points } 分
points-top-line-you = { $rank }. { $name }（{ $number } 号）{ $points } 分 ← 您
points-top-more-tied = ……还有 { $count } 人同分
points-top-you = 您：第 { $rank } 名，{ $points } 分
points-top-you-none = { $period ->
    [week] 您本周还没有积分，加油！
    [month] 您本月还没有积分，加油！
   *[all] 您还没有积分，加油！发送 /rules points 看看怎么得分。
}
points-top-empty = { $period ->
    [week] 本周还没有人得到积分。发送 /top 全部 看累计积分榜。
    [month] 本月还没有人得到积分。发送 /top 全部 看累计积分榜。
   *[all] 村里还没有人得到积分。发送 /rules points 看看怎么得分。
}
error-points-top-usage =
    用法：/top 看累计积分榜，/top 本周 看本周的，/top 本月 看本月的。
    （也可以写 week、month、all）

## Points: weekly stars

command-stars = 每周之星
points-stars-post =
    🌟 上周之星（{ $week } 那一周）
    { $stars }
    谢谢你们为村里出力！大家这周也加油。
points-stars-line = { $rank }. { $name }  +{ $points } 分
points-notice-star = 🌟 恭喜！您是上周的村里之星（第 { $rank } 名，上周挣了 { $points } 分）。谢谢您为村里出力！
points-stars-title = 🌟 村里的每周之星
points-stars-week = { $week } 那一周：
points-stars-none = 还没有评出每周之星。每周一上午 9 点，会公布上一周积分挣得最多的村民。
points-award-announce = 📢 积分公示（第 { $batch } 号）：{ $members } 各 { $points } 分，理由：{ $reason }。{ $hours } 小时内本人有异议可以申诉，之后记入积分账本。
points-award-announce-now = 📢 积分公示（第 { $batch } 号）：{ $members } 各 { $points } 分，理由：{ $reason }。已记入积分账本。
points-award-announce-member = { $name }（{ $number } 号）

## Votes: refusals from the core

error-vote-title-invalid = 表决的标题要写 1 到 { $max } 个字。
error-vote-body-invalid = 提议的内容要写 1 到 { $max } 个字。
error-vote-duration-invalid = 表决时间最短 1 小时，最长 30 天。可以写“5天”“36小时”，或 5d、36h。
error-vote-quorum-invalid = 最低参与比例要写 1 到 100 之间的数，例如 50 表示至少一半的人参加；不设就选“不设”。
error-vote-options-invalid = 选项要有“赞成”和“反对”，可以有“弃权”；每个选项的名字最多 { $max } 个字。
error-vote-rule-not-found = 村规民约里没有第 { $number } 条。发送 /rules 查看现行村规。
error-vote-rule-repealed = 第 { $number } 条村规已经废止了。
error-vote-point-rule-invalid = 这条积分规则的改动说不通：{ $reason }
error-vote-list-invalid = 名单里的 { $numbers } 号不是本村的正式村民。请重新写村民编号，用空格或逗号隔开。
error-vote-electorate-empty = 按这个范围，没有人可以投票。请换一个投票范围。
error-vote-not-found = 没有找到第 { $number } 号表决。发送 /votes 查看村里的表决。
error-vote-closed = 第 { $number } 号表决已经结束了，不能再投票。
error-vote-not-elector = 您不在第 { $number } 号表决的投票名单里（名单在发起表决时就定好了）。
error-vote-option-unknown = 第 { $number } 号表决没有这个选项。请写 赞成、反对 或 弃权，或者选项前面的序号。
error-vote-proxy-self = 给自己投票直接用 /vote 就行，不用代投。
error-vote-proxy-voted-in-person = { $name } 已经自己投过第 { $number } 号表决了，不能再代投。

## Votes: results and rulebook

vote-result-meaning-for = 赞成
vote-result-meaning-against = 反对
vote-result-meaning-abstain = 弃权
vote-result-post =
    🗳 第 { $number } 号表决结果：{ $title }
    { $counts }
    参加投票：{ $turnout } / { $electorate }（{ $percent }%）。{ $quorum }
    通过标准：{ $threshold }。
    结果：{ $result }{ $change }
vote-result-count-line = · { $label }：{ $count } 票（{ $percent }%）
vote-result-quorum-none = 不设最低参与比例。
vote-result-quorum-met = 达到最低参与比例 { $quorum }%。
vote-result-quorum-missed = 未达到最低参与比例 { $quorum }%。
vote-result-threshold-majority = 赞成多于反对（弃权不计）
vote-result-threshold-two-thirds = 赞成占赞成和反对合计的三分之二以上（弃权不计）
vote-result-adopted = ✅ 通过
vote-result-rejected = ❌ 未通过
vote-result-no-quorum = ⚠️ 参加人数不够，表决无效
vote-result-change-rule-added = 已写入村规民约，为第 { $rule } 条。发送 /rules 查看。
vote-result-change-rule-amended = 第 { $rule } 条村规已修改为第 { $version } 版。发送 /rules 查看。
vote-result-change-rule-repealed = 第 { $rule } 条村规已废止。
vote-result-change-point-rule-add = 积分规则 { $code } 已加入积分规则表。发送 /rules points 查看。
vote-result-change-point-rule-edit = 积分规则 { $code } 已修改（第 { $version } 版）。发送 /rules points 查看。
vote-result-change-point-rule-retire = 积分规则 { $code } 已停用。
vote-result-refused-rule-missing = 但村规里没有第 { $rule } 条，村规没有改动。
vote-result-refused-rule-repealed = 但第 { $rule } 条村规在表决期间已被废止，村规没有改动。
vote-result-refused-rule-changed-meanwhile = 但第 { $rule } 条村规在表决期间已被另一次表决修改，大家表决的不是它现在的内容，所以村规没有改动。如仍要修改，请重新发起表决。
vote-result-refused-point-rule-change-invalid = 但这项积分规则的改动无法执行，积分规则表没有改动。
vote-result-refused-point-rule-exists = 但积分规则 { $code } 在表决期间已被加入，积分规则表没有改动。
vote-result-refused-point-rule-code-retired = 但代码 { $code } 属于一条已停用的规则，不能再用，积分规则表没有改动。
vote-result-refused-point-rule-not-found = 但没有积分规则 { $code }，积分规则表没有改动。
vote-result-refused-point-rule-retired = 但积分规则 { $code } 在表决期间已停用，积分规则表没有改动。
vote-result-refused-point-rule-unchanged = 积分规则 { $code } 本来就是这样，无需改动。
vote-result-refused-point-rule-changed-meanwhile = 但积分规则 { $code } 在表决期间被修改了，积分规则表没有改动。
vote-result-refused-point-rule-description-invalid = 但规则说明不合要求，积分规则表没有改动。
vote-result-names-title = 第 { $number } 号表决（记名投票）各人的选择：
vote-result-names-line = { $label }：{ $names }
vote-result-notice-adopted = 🗳 您参加的第 { $number } 号表决已结束：通过。共 { $turnout } / { $electorate } 票参加。发送 /receipts { $number } 核对您的回执。
vote-result-notice-rejected = 🗳 您参加的第 { $number } 号表决已结束：未通过。共 { $turnout } / { $electorate } 票参加。发送 /receipts { $number } 核对您的回执。
vote-result-notice-no-quorum = 🗳 您参加的第 { $number } 号表决已结束：参加人数不够，表决无效。共 { $turnout } / { $electorate } 票参加。发送 /receipts { $number } 核对您的回执。
vote-reminder-notice = ⏰ 第 { $number } 号表决将于 { $closes } 结束，您还没有投票。发送 /votes 查看，或 /vote { $number } 赞成（反对、弃权）。
vote-receipts-usage = 用法：/receipts <表决编号>，例如 /receipts 3。表决结束后可以查看全部回执。
vote-receipts-title = 第 { $number } 号表决的全部回执（{ $title }），共 { $count } 张：{ $counts }
vote-receipts-count = { $label } { $count }
vote-receipts-separator = {"，"}
vote-receipts-line = { $receipt }  { $label }
vote-receipts-file-follows = 按回执排序，找到您的回执即可核对。完整名单另发文件，任何人都可以据此重新计票。
vote-receipts-file-only = 回执太多，不在消息里列出；完整名单另发文件（按回执排序），任何人都可以据此重新计票。
vote-receipts-file-header = 第 { $number } 号表决：{ $title }。回执 { $count } 张（回执、选项序号、选项）：
vote-receipts-file-caption = 第 { $number } 号表决的全部回执（{ $count } 张）
error-vote-receipts-not-closed = 第 { $number } 号表决还没有结束。结束前不公布回执，因为回执和选择放在一起就是计票结果。
rulebook-title = 📜 { $village }村规民约：
rulebook-empty = { $village }的村规民约里还没有规则。村规经村民表决通过后写入。
rulebook-rule = 第 { $number } 条　{ $title }（第 { $version } 版）
    { $text }
rulebook-more = （续）
rulebook-footer = 发送 /rules history 查看每条村规的修改历史，/rules points 查看积分规则表。
rulebook-usage = 用法：/rules 查看村规民约，/rules history 查看修改历史，/rules points 查看积分规则表。
rulebook-history-title = 📜 { $village }村规民约的历史：
rulebook-history-empty = { $village }的村规民约还没有历史记录。
rulebook-history-version = { $date }　第 { $rule } 条「{ $title }」第 { $version } 版
rulebook-history-repeal = { $date }　第 { $rule } 条「{ $title }」废止
rulebook-history-vote = 　由第 { $number } 号表决「{ $title }」决定：{ $counts }
rulebook-history-count = { $label } { $count }
rulebook-history-separator = {"，"}
rulebook-history-no-vote = 　（表决功能启用前写入）
## Votes: launch and voting

command-newvote = 发起村规表决（书记）
command-vote = 投票，或查看某个表决
command-votes = 村里的表决和投票人数
command-votecomment = 对表决的提议发表意见
command-proxyvote = 替没有手机的村民代投（干部）

error-vote-draft-press-button = 这一步请点下面的按钮选择。
error-vote-draft-stale = 这个按钮已经过时了，请回答最新的问题。
error-vote-comment-invalid = 意见不能是空的，最多 500 个字。
error-vote-choice-unknown = 看不懂“{ $word }”。请写 赞成、反对 或 弃权，或者选项前面的序号，例如：/vote { $number } 赞成

vote-launch-usage =
    发起表决：发送 /newvote，按提示一步步填写。
    把村民说事里的一件事拿来表决：/newvote from 事项编号，例如 /newvote from 12
vote-launch-started = 好的，我们来发起一个村规表决。一步一步来，随时发送 /cancel 取消。
vote-launch-started-from-item = 好的，把第 { $number } 号事项“{ $title }”拿来表决。标题和内容用这件事的，接下来选表决的类型。随时发送 /cancel 取消。
vote-launch-ask-title = 第一步：表决的标题是什么？（一句话，最多 100 个字，例如：禁止婚前大操大办）
vote-launch-ask-body = 第二步：请写下提议的村规内容（修改或废止的话，写清楚为什么）。最多 2000 个字。
vote-launch-ask-kind = 这次表决是：
vote-launch-ask-rule = 是村规民约的第几条？请发送条款编号（发送 /rules 可以查看现行村规）。
vote-launch-ask-point-code = 要改哪条积分规则？请发送规则代码，例如 help-neighbour。写一个新代码就是新增一条规则。
vote-launch-ask-point-points = 规则 { $code } 改成多少分？发送分数，例如 +8 或 -5；要停用这条规则就点“停用”。
vote-launch-ask-point-description = { $code } 是新规则，请用一句话说明它奖励或扣分的是什么事（例如：帮邻居干农活）。
vote-launch-ask-options = 投票的选项：默认是“赞成 / 反对 / 弃权”。要换个说法，就按这个顺序写下来，用“/”隔开，例如：同意 / 不同意 / 弃权（弃权可以不要）。
vote-launch-ask-duration = 投票多长时间？默认 5 天。也可以直接写，例如“3天”“36小时”（最短 1 小时，最长 30 天）。
vote-launch-ask-secrecy = 记名投票还是无记名投票？记名投票结束后公布每个人的选择；无记名投票谁投了什么谁也看不到。
vote-launch-ask-quorum = 要不要设最低参与比例？例如 50 表示至少一半的人投了票，结果才算数。默认不设。也可以直接写一个百分数。
vote-launch-ask-threshold = 怎样算通过？默认赞成票多于反对票（过半数）；重要的事可以要求三分之二。
vote-launch-ask-electorate = 谁来投票？默认全体村民，一人一票。
vote-launch-ask-list = 请写下参加投票的村民编号（例如村民代表），用空格或逗号隔开，例如：2 5 8 13

vote-launch-choice-kind-new = 📜 新订村规
vote-launch-choice-kind-amend = ✏️ 修改村规
vote-launch-choice-kind-repeal = 🗑 废止村规
vote-launch-choice-kind-points = ⭐ 改积分规则
vote-launch-choice-point-points-retire = 停用这条规则
vote-launch-choice-options-default = ✅ 用默认：赞成 / 反对 / 弃权
vote-launch-choice-duration-default = ✅ 默认 5 天
vote-launch-choice-duration-1d = 1 天
vote-launch-choice-duration-3d = 3 天
vote-launch-choice-duration-7d = 7 天
vote-launch-choice-secrecy-default = ✅ 记名投票（默认）
vote-launch-choice-secrecy-secret = 🔒 无记名投票
vote-launch-choice-quorum-default = ✅ 不设（默认）
vote-launch-choice-quorum-30 = 至少 30%
vote-launch-choice-quorum-50 = 至少一半
vote-launch-choice-quorum-67 = 至少三分之二
vote-launch-choice-threshold-default = ✅ 过半数（默认）
vote-launch-choice-threshold-two-thirds = 三分之二
vote-launch-choice-electorate-default = ✅ 全体村民（默认）
vote-launch-choice-electorate-households = 🏠 一户一票
vote-launch-choice-electorate-list = 📋 指定名单
vote-launch-choice-confirm-launch = ✅ 发起表决
vote-launch-choice-confirm-cancel = ❌ 取消

vote-launch-preview-title = 🗳 请核对表决内容：{ $title }
vote-launch-preview-from-item = 来自村民说事第 { $number } 号
vote-launch-preview-electorate-MEMBERS = 投票人：全体村民，一人一票
vote-launch-preview-electorate-HOUSEHOLDS = 投票人：一户一票（户里任何一位成员都可以投，以最后一次为准）
vote-launch-preview-electorate-LIST = 投票人：指定名单（{ $numbers } 号）
vote-launch-preview-days = 投票时间：{ $days } 天
vote-launch-preview-hours = 投票时间：{ $hours } 小时
vote-launch-preview-minutes = 投票时间：{ $minutes } 分钟
vote-launch-preview-confirm = 没问题就点“发起表决”，村群里会发通知，每位有投票权的村民都会私信收到选票。
vote-launch-expired = 发起表决的填写超过 1 小时没有回复，已经作废了。要发起的话请重新发送 /newvote。
vote-launch-none = 没有正在填写的表决了。要发起的话请发送 /newvote。
vote-launch-cancelled = 已取消，表决没有发起。
vote-launch-done =
    ✅ 第 { $number } 号表决已经发起，截止时间 { $closes }。
    正在把选票私信发给 { $size } 位村民，发送进度会显示在下面。
vote-launch-progress = 📤 第 { $number } 号表决的选票正在发送：已送达 { $sent }，发送失败 { $failed }，共 { $total } 位。
vote-launch-progress-done = ✅ 第 { $number } 号表决的选票发送完毕：已送达 { $sent }，发送失败 { $failed }，共 { $total } 位。（发送失败的多半是没有打开过机器人，可以请他们私聊机器人发送 /vote { $number }。）

vote-card-title = 🗳 第 { $number } 号表决：{ $title }
vote-announce-title = 📢 村规表决 第 { $number } 号：{ $title }
vote-announce-how = 怎么投票：机器人已经把选票私信发给每位有投票权的村民，点按钮就能投；也可以私聊机器人发送 /vote { $number } 赞成（或 反对、弃权）。截止前可以改票，以最后一次为准。
vote-card-kind-NEW_RULE = 类型：新订村规
vote-card-kind-AMEND_RULE = 类型：修改村规第 { $rule } 条
vote-card-kind-REPEAL_RULE = 类型：废止村规第 { $rule } 条
vote-card-kind-POINT_RULE = 类型：修改积分规则
vote-card-kind-point-add = 类型：新增积分规则 { $code }，{ $points } 分：{ $description }
vote-card-kind-point-edit = 类型：积分规则 { $code } 改为 { $points } 分
vote-card-kind-point-retire = 类型：停用积分规则 { $code }
vote-card-option-FOR = 赞成
vote-card-option-AGAINST = 反对
vote-card-option-ABSTAIN = 弃权
vote-card-options = 选项：{ $options }
vote-card-open = 记名投票：结束后公布每个人的选择
vote-card-secret = 🔒 无记名投票：谁投了什么，谁也看不到
vote-card-quorum-none = 参与人数：不设最低要求
vote-card-quorum = 参与人数：至少 { $percent }% 的人投票，结果才算数
vote-card-threshold-MAJORITY = 通过条件：赞成票多于反对票
vote-card-threshold-TWO_THIRDS = 通过条件：赞成票达到赞成和反对票合计的三分之二
vote-card-electorate-MEMBERS = 投票人：全体村民，共 { $size } 人
vote-card-electorate-HOUSEHOLDS = 投票人：一户一票，共 { $size } 户
vote-card-electorate-LIST = 投票人：指定名单，共 { $size } 人
vote-card-closes = 截止时间：{ $closes }
vote-card-closed = 已于 { $closes } 截止
vote-card-turnout = 已投票：{ $turnout } / { $size }（结束前不公布各选项的票数）
vote-card-engagement = 👍 { $likes }   💬 { $comments } 条意见
vote-card-comment-line = 💬 { $name }（{ $number } 号）：{ $text }
vote-card-how = 点下面的按钮投票，截止前可以改票。也可以发送 /vote { $number } 赞成（或 反对、弃权）。
vote-card-you-voted = 您已经投过票了。截止前想改票，再点一次按钮就行，以最后一次为准。
vote-card-not-elector = 您不在这次表决的投票名单里，可以看，也可以发表意见。
vote-card-button-like = 👍 { $likes }
vote-card-button-comment = 💬 发表意见

vote-ballot-invite =
    { $card }
vote-ballot-usage =
    投票：/vote 表决编号 赞成（或 反对、弃权，或选项序号），例如 /vote 3 赞成
    查看表决：/vote 表决编号；村里的表决：/votes
vote-ballot-cast =
    ✅ 已记下您对第 { $number } 号表决“{ $title }”的投票：{ $choice }
    回执码：{ $receipt }
    请记下回执码，表决结束后公布的回执清单里可以核对您的票。截止前可以改票，以最后一次为准。
vote-ballot-changed =
    ✅ 已改票：第 { $number } 号表决“{ $title }”，现在是：{ $choice }
    之前的投票已经作废，以这次为准。新的回执码：{ $receipt }
    截止前还可以再改。
vote-ballot-cast-short = 第 { $number } 号表决：已记下

vote-list-empty = 村里还没有表决。
vote-list-title = 🗳 村里的表决（只公布投票人数，结束前不公布票数）：
vote-list-open-line = 第 { $number } 号 { $title }：进行中，已投票 { $turnout } / { $size }，{ $closes } 截止
vote-list-closed-line = 第 { $number } 号 { $title }：已结束，投票 { $turnout } / { $size }
vote-list-how = 查看或投票：/vote 表决编号

vote-comment-ask = 请发送您对第 { $number } 号表决的意见（{ $minutes } 分钟内有效，发送 /cancel 取消）：
vote-comment-added = 💬 您对第 { $number } 号表决的意见已发表。发送 /vote { $number } 可以看大家的意见。
vote-comment-expired = 请您发表第 { $number } 号表决意见的提问已经超过 { $minutes } 分钟，作废了。还想说的话，请再点一次“发表意见”。
vote-comment-cancelled = 已取消，意见没有发表。
vote-comment-usage = 发表意见：/votecomment 表决编号 您的意见，例如 /votecomment 3 我赞成，但罚款太重了
vote-comment-liked = 👍 已点赞（共 { $likes } 个赞）
vote-comment-unliked = 已取消点赞（共 { $likes } 个赞）

vote-proxy-usage = 代投：/proxyvote 表决编号 村民编号 赞成（或 反对、弃权），例如 /proxyvote 3 12 赞成。只替没有手机的村民代投，本人之后自己投票会替换代投的票。
vote-proxy-recorded =
    ✅ 已替 { $member } 号村民记下第 { $number } 号表决“{ $title }”的投票：{ $choice }
    回执码：{ $receipt }（请转告本人）
    本人之后自己投票，会替换这一票。
vote-proxy-notice =
    📋 { $name }（{ $number } 号）替您记下了第 { $vote } 号表决“{ $title }”的投票：{ $meaning ->
        [FOR] 赞成
        [AGAINST] 反对
       *[ABSTAIN] 弃权
    }。
    如果不是您的意思，截止前您自己投一次就会替换它：发送 /vote { $vote }
vote-proxy-notice-labelled =
    📋 { $name }（{ $number } 号）替您记下了第 { $vote } 号表决“{ $title }”的投票：{ $label }。
    如果不是您的意思，截止前您自己投一次就会替换它：发送 /vote { $vote }

## Volunteers: the call (/recruit) and joining

call-launch-started = 我们来发志愿者招募，一步一步问。随时发送 /cancel 可以停止。
call-launch-usage = 快速招募只写一个班次：几个人、地点、哪天、几点，例如 /recruit 15 东门 今天 18:00-22:00（前面加“紧急”就是紧急招募）。只发 /recruit 会一步一步问您。
call-launch-expired = 这份招募草稿等得太久，已经作废。发送 /recruit 重新开始。
call-launch-none = 没有等待中的招募草稿。发送 /recruit 开始。
call-launch-cancelled = 招募没有发出。
call-launch-ask-title = 第一步：招募做什么？（一行，例如：东门防疫值守）
call-launch-ask-description = 志愿者需要知道什么（带什么、找谁）？没有就点“跳过”。
call-launch-ask-shifts = 现在写班次，一条消息一个：地点、哪天、几点、几个人，例如：东门 今天 18:00-22:00 15
call-launch-ask-more-shifts = 已有 { $count } 个班次。下一个照样发，或者点“完成”。
call-launch-ask-points = 每小时多少积分？默认 2 分（再按负责人打分调整）。
call-launch-ask-audience = 发给谁？
call-launch-ask-closes = 报名到什么时候？默认到第一个班次开始；也可以写时间，例如 17:30 或 明天 8:00。
call-launch-ask-urgency = 紧急吗？紧急招募在免打扰时段也会发出。
call-choice-description-skip = 跳过
call-choice-shifts-done = 完成
call-choice-points-default = 每小时 2 分
call-choice-points-5 = 每小时 5 分
call-choice-points-10 = 每小时 10 分
call-choice-audience-members = 全体村民
call-choice-audience-volunteers = 只发志愿者
call-choice-closes-default = 到开始为止
call-choice-urgency-normal = 不紧急
call-choice-urgency-urgent = 紧急
call-choice-urgency-paid = 紧急，付费群发
call-choice-confirm-send = 发出招募
call-choice-confirm-cancel = 取消
call-quick-title = 招募志愿者：{ $place }
call-preview-shift = { $position }. { $place }，{ $time }，{ $capacity } 人
call-preview-closes-at-start = 第一个班次开始时
call-preview =
    🙋 请核对招募：{ $title }
    { $description }
    班次：
    { $shifts }
    积分：每小时 { $points } 分
    发给：{ $audience ->
        [volunteers] 只发志愿者
       *[members] 全体村民
    }（{ $recipients } 人）
    报名截止：{ $closes }
    { $urgency ->
        [paid] 紧急，付费群发：几秒内送到每个人，从村里的预算扣 { $cost } 颗星。
        [urgent] 紧急：免打扰时段也会发出。
       *[normal] 不紧急。
    }
call-launch-done = 第 { $number } 号招募正在发给 { $recipients } 人。发送和报名的进展我会在这里更新。
call-launch-done-quiet = 第 { $number } 号招募等村里的免打扰时段结束后发出：{ $at } 发给 { $recipients } 人。
shift-join-confirmed = ✅ 报名成功：第 { $call } 号招募第 { $shift } 班，{ $place }，{ $time }。开始前我会提醒您。
shift-join-waitlisted = 这个班次已满。您在第 { $call } 号招募第 { $shift } 班（{ $place }，{ $time }）的候补名单上排第 { $place_in_line } 位；有人退出我会告诉您。
shift-join-already-confirmed = 您已经报名了第 { $call } 号招募第 { $shift } 班：{ $place }，{ $time }。
shift-join-already-waitlisted = 您已在第 { $call } 号招募第 { $shift } 班的候补名单上，排第 { $place_in_line } 位。
shift-join-usage = 请写招募号和班次号，例如 /join_shift 3.2（第 3 号招募第 2 班），或者直接点招募消息上的班次按钮。
shift-join-reply-unread = 要报名，请回复班次号（1 到 { $shifts }），或者点班次按钮。
shift-promoted = 🎉 有人退出了：您已转为正式报名，第 { $call } 号招募第 { $shift } 班：{ $place }，{ $time }。
shift-cancelled = 已取消第 { $call } 号招募第 { $shift } 班的报名（{ $place }，{ $time }）。
shift-cancel-usage = 请写招募号和班次号，例如 /cancel_shift 3.2，或者用 /myshifts。
calls-usage = /calls on：接收志愿招募 · /calls volunteer：加入志愿者名单，只发志愿者的招募也收 · /calls off：不收招募
calls-set-on = 您会收到志愿招募。
calls-set-volunteer = 您已加入志愿者名单：所有招募都会发给您，包括只发志愿者的。
calls-set-off = 您不会再收到志愿招募。发送 /calls on 可以重新接收。
error-call-shift-unread = { $missing ->
    [time] 这个班次里没找到时间。请这样写：18:00-22:00。
    [capacity] 这个班次要几个人？请加一个数字，例如 15。
    [capacity-range] 一个班次可以 1 到 { $max } 人。
    [place] 这个班次在哪里？请加上地点，例如 东门。
   *[shift] 请先发至少一个班次：地点、哪天、几点、几个人。
    }
error-call-time-unread = 看不懂这个时间。请写例如 17:30 或 明天 8:00。
error-call-points-invalid = 每小时积分请写 0 到 { $max } 之间的数字。
command-recruit = 招募志愿者（干部）
command-myshifts = 我的志愿班次：取消、签到、签退
command-join_shift = 报名志愿班次，例如 /join_shift 3.2
command-cancel_shift = 取消志愿班次，例如 /cancel_shift 3.2
command-calls = 志愿招募：接收、志愿者名单或关闭

## Volunteers: shifts, attendance and supervision

myshifts-none = 您近期没有志愿班次。有招募时，点班次按钮就能报名。
myshifts-title = 🙋 您的志愿班次：
myshifts-line = { $call }.{ $shift } { $place }，{ $time } — { $status ->
    [waiting] 候补第 { $place_in_line } 位
    [in] 已签到
    [out] 已签退，辛苦了
   *[seat] 已报名
    }
shift-button-check-in = 签到 { $ref }
shift-button-check-out = 签退 { $ref }
shift-button-cancel = 取消 { $ref }
shift-button-absent = #{ $number } 缺席
shift-checked-in = { $others ->
    [yes] 已为 { $number } 号 { $name } 签到（{ $at }）：第 { $call } 号招募第 { $shift } 班。
   *[no] ✅ { $at } 签到成功：{ $place }，{ $time }。离开时记得签退。
    }
shift-checked-in-already = { $others ->
    [yes] { $number } 号 { $name } 已经签到过了（{ $at }）。
   *[no] 您已经签到过了（{ $at }）。
    }
shift-checked-out = { $others ->
    [yes] 已为 { $number } 号 { $name } 签退（{ $at }）：第 { $call } 号招募第 { $shift } 班。
   *[no] 👋 { $at } 签退成功，辛苦了！积分由负责人打分审核后发放。
    }
shift-checked-out-already = { $others ->
    [yes] { $number } 号 { $name } 已经签退过了（{ $at }）。
   *[no] 您已经签退过了（{ $at }）。
    }
shift-checked-in-by-supervisor = 负责人为您签到了：第 { $call } 号招募第 { $shift } 班，{ $place }，{ $time }。
shift-checked-out-by-supervisor = 负责人为您签退了：第 { $call } 号招募第 { $shift } 班，{ $place }，{ $time }。
shift-check-usage = 请写招募号和班次号，例如 /{ $command } 3.2；负责人替没有手机的人操作时加上村民编号：/{ $command } 3.2 12
shift-usage = 请写招募号和班次号，例如 /shift 3.2
shift-volunteers-title = 第 { $call } 号招募第 { $shift } 班：{ $place }，{ $time } — 已报名 { $taken }/{ $capacity }
shift-volunteers-none = 还没有人报名。
shift-volunteer-line = #{ $number } { $name } — { $state ->
    [absent] 缺席
    [in] 已签到
    [out] 已签退
   *[none] 未签到
    }{ $score ->
    [0] {""}
   *[other] ，评分 { $score }
    }
shift-volunteers-hint = 用按钮打分（1–5），或发送 /score { $ref } <编号> <1-5|缺席>。替没有手机的人签到：/checkin { $ref } <编号>。
shift-scored = { $number } 号 { $name }：第 { $ref } 班评分 { $score }。
shift-marked-absent = { $number } 号 { $name }：第 { $ref } 班记为缺席。
shift-score-usage = 例如 /score 3.2 12 5（第 3 号招募第 2 班，12 号村民，5 分），或 /score 3.2 12 缺席
shift-rate-usage = 给班次打 1 到 5 星，例如 /rateshift 3.2 5
shift-rated = 谢谢：给 { $place }（{ $time }）打了 { $stars } 星。
shift-report-usage = 实名举报志愿者的违规行为：/reportshift 3.2 <村民编号> <发生了什么>
shift-reported = 您的第 { $id } 号举报（第 { $call } 号招募第 { $shift } 班）已实名交给书记。
shift-report-notice = ⚠️ 第 { $id } 号举报，第 { $call } 号招募第 { $shift } 班（{ $place }，{ $time }）：{ $reason }
    属实请发 /report_ok { $id } [扣分]，不属实请发 /report_no { $id }。
shift-report-decide-usage = 例如 /report_ok 4 5（第 4 号举报属实，扣 5 分）或 /report_no 4
shift-report-decided = 第 { $id } 号举报{ $upheld ->
    [yes] 属实：扣 { $points } 分。{ $late ->
        [yes] 这个班次的积分已经提交审核了，所以扣分单独提交审核。
       *[no] {""}
    }
   *[no] 不属实，已驳回。
    }
shift-report-decided-notice = 第 { $id } 号举报（第 { $call } 号招募第 { $shift } 班，{ $title }）{ $upheld ->
    [yes] 属实：从该志愿者的积分里扣 { $points } 分。
   *[no] 不属实，已驳回。
    }
command-shift = 班次的志愿者：打分、记缺席（负责人）
command-score = 给志愿者打分，例如 /score 3.2 12 5（负责人）
command-checkin = 班次签到，例如 /checkin 3.2
command-checkout = 班次签退，例如 /checkout 3.2
command-rateshift = 给志愿班次打 1–5 星
command-reportshift = 实名举报志愿者违规
command-report_ok = 举报属实（书记）
command-report_no = 举报不属实（书记）
## Volunteers

error-call-title-invalid = 招募的标题不能是空的，也不能以 / 开头。
error-call-description-invalid = 招募的说明不能以 / 开头。
error-call-shift-invalid = 第 { $position } 班的地点不能是空的（最多 60 个字）。
error-call-shift-time-invalid = 第 { $position } 班的时间不对：要在以后 60 天之内开始，结束要晚于开始，一班最长 24 小时。
error-call-shift-capacity-invalid = 第 { $position } 班要的人数不对：要 1 到 { $max } 人。
error-call-shifts-too-many = 一次招募最多 { $max } 个班次。
error-call-signup-close-invalid = 报名截止时间要在现在之后，并且不晚于第一班开始。
error-call-supervisor-not-cadre = { $number } 号不是本村在任的干部或书记，不能当带班人。
error-call-paid-not-enabled = 付费群发只能用于紧急招募，而且要村里先开通。
error-call-paid-over-budget = 付费群发要花 { $cost } 星，村里的预算只剩 { $left } 星。请改成普通发送，或请书记增加预算。

call-card-title = 📣 志愿招募 第 { $number } 号：{ $title }
call-card-title-urgent = 🔴 紧急招募 第 { $number } 号：{ $title }
call-card-shift = { $position }. { $place }  { $time }  已报 { $taken }/{ $capacity } 人
call-card-shift-full = { $position }. { $place }  { $time }  已满 { $taken }/{ $capacity } 人（可以排队）
call-card-points = 每干 1 小时得 { $points } 积分
call-card-closes = 报名截止：{ $closes }
call-card-how-member = 想去哪一班，就点下面那一班的按钮报名。
call-card-how-group = 想去哪一班，就点下面那一班的按钮报名，机器人会私聊告诉您结果。
call-card-preview-how = 这是村民会看到的样子。
call-card-closed = 报名已经结束了。
call-button-join = 报名 { $position }. { $place }
call-button-waitlist = 排队 { $position }. { $place }（已满）
call-button-check-in = ✅ 我到了，签到

call-progress = 📤 第 { $number } 号招募正在发送：已送达 { $sent }，发送失败 { $failed }，共 { $total } 位。
call-progress-done = ✅ 第 { $number } 号招募发送完毕：已送达 { $sent }，发送失败 { $failed }，共 { $total } 位。（发送失败的多半是没有打开过机器人。）
call-progress-deferred = 🌙 现在是村里的免打扰时间，第 { $number } 号招募会在 { $at } 发给 { $total } 位村民。
call-progress-shifts = 各班报名：
call-progress-shift = { $position }. { $place }：{ $taken }/{ $capacity } 人
call-progress-shift-full = { $position }. { $place }：{ $taken }/{ $capacity } 人，已满（发出后 { $duration } 报满）
call-duration = { $hours ->
    [0] { $minutes } 分钟
   *[other] { $hours } 小时 { $minutes } 分钟
}

call-shift-reminder =
    ⏰ 提醒：您报名了第 { $number } 号招募「{ $title }」的第 { $position } 班，
    时间 { $time }，地点 { $place }。
    到了请点下面的“签到”。
shift-done = 第 { $ref } 班评分结束：第 { $batch } 号积分提议（{ $count } 名志愿者）已提交审核。
shift-done-already = 第 { $ref } 班的积分已经提交过了。
shift-done-nothing = 第 { $ref } 班评分结束；没有人得分或扣分，不需要审核。
shift-awards-proposed = 🙋 待审核的志愿积分：第 { $batch } 号提议，第 { $call } 号招募“{ $title }”第 { $shift } 班，{ $count } 名志愿者（时长 × 每小时积分，按负责人评分调整）。
command-shiftdone = 班次结束后评分完成：积分提交审核（负责人）
settings-show-volunteers =
    志愿招募：
    免打扰时段（不紧急的招募等到结束再发）：{ $quiet ->
        [off] 无
       *[other] { $quiet }
    }
    班次开始前提醒：{ $reminder } 分钟
    缺席扣分：{ $noshow } 分
    紧急招募付费群发：{ $paid ->
        [on] 开，预算 { $budget } 星，已用 { $spent } 星
       *[off] 关
    }
    修改：/settings quiet 22:00-07:00（或 off）· /settings reminder 60 · /settings noshow -5 · /settings paid 100（总共多少星，或 off）
settings-volunteers-set = 已保存。发送 /settings 查看村里的设置。
error-call-paid-budget-below-spent = 付费招募已经用了 { $spent } 星，预算不能少于这个数。
calls-now-on = 您会收到志愿招募。
calls-now-volunteer = 您在志愿者名单上：所有招募都会发给您。
calls-now-off = 您不接收志愿招募。
calls-none-open = 现在没有正在报名的招募。
shift-report-deduction-proposed = 待审核的积分：第 { $batch } 号提议，{ $number } 号村民 { $points } 分，来自第 { $id } 号举报（班次积分提交之后才认定属实）。

## Household QR
command-qr = 我家的门牌二维码（扫一扫看本户积分）
household-qr-coming = 马上把{ $household }的门牌二维码发给您。别人扫这个码，就能看到您家的积分和排名。
household-qr-caption = { $household }（{ $number } 号户）· { $village }
    扫一扫，看本户积分
household-qr-print-coming = 正在生成{ $village }每户一页的门牌二维码，做好后以 PDF 文件发给您，打开就能打印。
household-qr-print-caption = { $village }门牌二维码，共 { $count } 户，每户一页 A4。打开 PDF 直接打印。
household-qr-sheet-title = { $village }门牌二维码
household-qr-sheet-number = { $number } 号户
household-qr-sheet-hint = 用手机相机扫一扫，在 Telegram 里查看本户积分
household-qr-forged = 这个二维码不是本村发的，或者没扫完整，无法识别。请再扫一次，或问村干部要新的门牌。
household-qr-revoked = 这个门牌二维码已经作废了（门牌丢失后换了新的）。请扫门上的新门牌，或问村干部。
household-qr-outsider = 这是{ $village }的门牌。只有本村村民才能看到这户的积分。
household-qr-card-title = 🏠 { $household } · { $village }
household-qr-card-members = 家庭成员（{ $count } 人）：{ $names }
household-qr-card-separator = 、
household-qr-card-points = 全户积分：{ $total } 分  { $stars }
household-qr-card-rank = 全村排名：第 { $rank } 户（共 { $count } 户）
household-qr-card-recent = 最近记录：
household-qr-card-entry = { $date } { $amount }分 { $reason }
household-qr-card-no-entries = 这户还没有积分记录。
household-qr-revoked-done = { $household }（{ $number } 号户）的旧门牌二维码已经作废，扫它会被拒绝。发送 /qr print 打印新门牌。
household-qr-usage =
    用法：
    /qr 领取我家的门牌二维码
    /qr print 打印全村每户的门牌（书记）
    /qr revoke 户号 作废丢失的门牌（书记）
error-household-qr-no-household = 您还没有登记家庭户，所以没有门牌二维码。
error-household-qr-household-not-found = 本村没有 { $number } 号户。户号印在门牌上，也可以发送 /qr print 查看。
## Credit

command-credit = 我的信用分、星级和贷款优惠
command-negative = 负面清单：/negative add 号码 扣分 原因，或 /negative remove 编号
error-credit-negative-invalid = 扣分要在 1 到 { $points } 之间，原因要写上，不超过 { $max } 个字。例如：/negative add 7 100 缠访闹访
error-credit-negative-not-found = 负面清单里没有第 { $id } 条（或者已经撤销了）。
error-credit-loan-invalid = 贷款表的数不对：每多少分要在 1 到 100000 之间，每步最多降 10 个百分点，封顶最多 100 个百分点，前百分之几在 0 到 100 之间。
credit-title = { $name }（{ $number } 号）· { $village }
    信用分：{ $total } 分（满分 1000）  { $stars }
credit-rank = 在全村 { $among } 人里排第 { $rank } 名。信用分由下面五项相加（每项满分 200），再减去负面清单：
credit-activity = · 参与活跃 { $score } 分：近一年提事 { $talk } 件、评论 { $comments } 条、投票 { $votes } 次、参加志愿服务 { $shifts } 次。
credit-fulfilment = · 说到做到 { $score } 分：近一年答应的志愿服务和任务 { $promised } 件，按时做到 { $kept } 件。
credit-fulfilment-none = · 说到做到 { $score } 分：还没有答应过要做的事，先按中间分算。
credit-identity = · 身份信息 { $score } 分：{ $named ->
        [yes] 已填真实姓名
       *[no] 没填真实姓名
    }，{ $household ->
        [yes] 已填户
       *[no] 没填户
    }，入村 { $days } 天（满一年这部分得满分）。
credit-behaviour = · 遵规守约 { $score } 分：近一年被扣积分 { $deducted } 分、报名后缺席 { $noshows } 次、被举报属实 { $reports } 次。
credit-social = · 大家评价 { $score } 分：收到评分 { $count } 次，平均 { $average } 星。
credit-social-none = · 大家评价 { $score } 分：还没有人给您评过分，先按中间分算。
credit-negative = · 负面清单：减 { $points } 分。
credit-negative-entry = 第 { $id } 条，减 { $points } 分：{ $reason }（{ $date }）
credit-household = { $household }：户积分 { $points } 分，贷款利率可以降低 { $off } 个百分点（每 { $step } 分降 { $per } 个百分点，最多降 { $cap } 个百分点）。
credit-eligible = 您家是全村第 { $rank } 户（共 { $among } 户），在前 { $top }% 之内，可以向银行申请信用贷款额度。
credit-not-eligible = 您家是全村第 { $rank } 户（共 { $among } 户），进入前 { $top }% 就可以申请信用贷款额度。
credit-no-household = 您还没有填户。贷款优惠按户积分算，请先填上户。
credit-usage = 发送 /credit 看自己的信用分。书记可以发送 /credit 号码 看某位村民的，/credit export 导出可申请信用贷款的户。
credit-export-coming = 正在生成可申请信用贷款的户的名单，稍后以表格文件发给您。
credit-csv-header = 排名,户号,户名,户积分,利率降低（百分点）,家庭成员
credit-csv-caption = { $village }可申请信用贷款额度的户（前 { $top }%）：共 { $count } 户。
credit-negative-usage = 用法：/negative add 号码 扣分 原因（例如 /negative add 7 100 缠访闹访），撤销用 /negative remove 编号。
credit-negative-added = 已把 { $number } 号列入负面清单（第 { $id } 条），信用分减 { $points } 分，已告诉本人。
credit-negative-removed = 已撤销负面清单第 { $id } 条（{ $number } 号），已告诉本人。
credit-notice-negative-added = 您被列入村里的负面清单（第 { $id } 条），信用分减 { $points } 分。发送 /credit 可以看到原因和您的信用分。
credit-notice-negative-removed = 您在负面清单里的第 { $id } 条已经撤销，信用分加回 { $points } 分。
settings-show-loan = 贷款表：户积分每 { $step } 分，利率降 { $per } 个百分点，最多降 { $cap } 个百分点；积分前 { $top }% 的户可以申请信用贷款额度。
settings-loan-set = 贷款表已更新：户积分每 { $step } 分，利率降 { $per } 个百分点，最多降 { $cap } 个百分点；前 { $top }% 的户可以申请信用贷款额度。
settings-loan-usage = 用法：/settings 贷款 每=100 降=0.1 最多=1 前=20（也可以只改其中几项；英文：loan step= off= cap= top=）
## Points shop

error-shop-usage =
    积分超市的用法：
    /shop —— 看货架，点按钮兑换
    /shop add 价格 库存 名称 —— 上架（店主、书记），如 /shop add 30 10 大米5斤
    /shop edit 编号 price=价格 stock=库存 [新名称] —— 修改
    /shop remove 编号 —— 下架
error-shop-price-invalid = 价格要是 1 到 { $max } 之间的整数积分。
error-shop-stock-invalid = 库存要是 0 到 { $max } 之间的整数。
error-shop-name-invalid = 商品名称不能是空的，最多 { $max } 个字。
error-shop-item-not-found = 货架上没有 { $number } 号商品。发送 /shop 看看现在有什么。
error-shop-out-of-stock = 对不起，“{ $name }”已经兑完了。
error-shop-insufficient-points = 积分不够：“{ $name }”要 { $price } 分，您现在可用 { $available } 分（已预留的积分不算在内）。
error-shop-code-unknown = 这个兑换码不认识：可能输错了，或者不是本村的。
error-shop-already-handed-over = 这个兑换码已经用过了，货已经交过了，不能再兑一次。
error-shop-reservation-expired = 这个兑换码已经过期，预留的积分和商品都已退回。
error-shop-reservation-cancelled = 这个兑换码已经被本人取消了。
error-shop-not-yours = 这不是您的兑换，不能取消。
error-shop-not-shopkeeper = 这个兑换码要请小卖部的店主扫码确认交货。
shop-title = 🛒 { $village } 积分超市 —— 您现在可用 { $available } 分
shop-empty = 货架上还没有东西。
shop-item-line = { $number }. { $name } —— { $price } 分，还剩 { $stock } 件
shop-button-redeem = 兑换 { $number }. { $name }（{ $price } 分）
shop-added = 已上架：{ $line }
shop-edited = 已修改：{ $line }
shop-removed = 已下架：{ $number }. { $name }。已经预留的兑换仍然可以交货。
shop-reserved-short = 已为您预留“{ $name }”
shop-reserved =
    ✅ 已为您预留：{ $name }（{ $price } 分）。
    兑换码：{ $code }
    请在 { $until } 之前到小卖部，请店主扫随后发来的二维码（或打开下面的链接，或发送 /redeem { $code }）确认交货。
    交货时才从积分账本扣分；过期没取，积分和商品会自动退回。发送 /myorders 可以查看或取消。
shop-button-link = 🔗 兑换码链接（给店主）
shop-redeem-usage = 用法：/redeem 兑换码（店主用，也可以直接打开村民的兑换码链接）
shop-code-for = 兑换码：{ $name }（{ $price } 分），兑换人 { $member }（{ $number } 号，{ $household }）。
shop-code-valid =
    兑换码有效：{ $name }（{ $price } 分）
    兑换人：{ $member }（{ $number } 号，{ $household }）
    有效到 { $until }。把东西交给村民后，点“已交货”。
shop-button-fulfil = ✅ 已交货
shop-fulfilled = 已交货：{ $name }，已从积分账本扣除 { $price } 分（第 { $sequence } 条）。
shop-notice-fulfilled = 🛒 您兑换的“{ $name }”已经领到，积分 -{ $price } 分，已记入村里的积分账本第 { $sequence } 条（指纹 { $hash }）。
shop-notice-expired = ⌛ 您预留的“{ $name }”过期没有领取，{ $price } 分和商品都已退回。
shop-myorders-title = 🧾 您预留的兑换（到小卖部出示兑换码领取）：
shop-myorders-line = • { $name }（{ $price } 分），兑换码 { $code }，有效到 { $until }
shop-myorders-empty = 您现在没有预留的兑换。发送 /shop 看看货架。
shop-button-cancel = 取消：{ $name }
shop-cancelled = 已取消“{ $name }”，{ $price } 分和商品都已退回。
shop-points-reserved = 其中 { $reserved } 分已为积分超市的兑换预留，可用 { $available } 分。
shop-qr-caption = 🛒 兑换码二维码：{ $name }（{ $price } 分），兑换码 { $code }，有效到 { $until }。到小卖部请店主扫这个码。
command-shop = 积分超市：看货架、兑换；店主上架、修改、下架
command-myorders = 我预留的兑换，可以取消
command-redeem = 店主：确认兑换码交货
