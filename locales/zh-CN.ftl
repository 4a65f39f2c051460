## Errors

error-internal = 抱歉，出了点问题，这次的操作没有保存。请稍后再试一次。
error-not-admin = 只有本机器人的管理员可以创建村庄。
error-not-member = 您还没有加入村庄。请打开村里发的邀请链接，或发送 /join 邀请码。
error-not-onboarded = 请先完成加入：回答上面的问题，或发送 /start 继续。
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

## Onboarding

village-created =
    村庄“{ $name }”已创建，您是书记。
    邀请码：{ $code }
    邀请链接：{ $link }
    把链接发给村民，他们点开就能加入。
start-newcomer =
    您好！我是映山，村务小助手。
    请打开村里发的邀请链接加入村庄，或发送 /join 邀请码。
start-member = 欢迎回来！您是{ $village }的村民。发送 /help 查看可用的命令。
join-usage = 请在 /join 后面写上邀请码，例如：/join ABCD2345
join-welcome = 欢迎加入{ $village }！您的村民编号是 { $number } 号。
join-ask-name = 请发送您的真实姓名：
join-ask-household = 请发送您家的户名或门牌（例如“谢启富家”或“3组12号”）：
join-done =
    好了！您已加入{ $village }。
    编号：{ $number } 号
    户：{ $household }
    发送 /me 查看您的信息，/help 查看可用的命令。
join-cancelled = 已取消加入。以后可以再次打开邀请链接加入。
cancel-nothing = 现在没有需要取消的操作。

## Profile

me-profile =
    姓名：{ $name }
    村庄：{ $village }
    编号：{ $number } 号
    户：{ $household }
    身份：{ $roles }
me-no-household = 未登记
list-separator = 、
help-newcomer = 您还没有加入村庄。可以使用：
help-member = 您在{ $village }可以使用这些命令：
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
command-help = 可用的命令
command-lang = 切换语言 / Language
command-grant = 授予身份（书记）
command-revoke = 撤销身份（书记）
command-cancel = 取消当前操作
command-newvillage = 创建村庄（管理员）

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
