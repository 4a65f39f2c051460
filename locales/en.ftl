## Errors

error-internal = Sorry, something went wrong and nothing was saved. Please try again in a moment.
error-not-admin = Only this bot's administrators can create villages.
error-not-member = You have not joined a village yet. Open the invite link your village shared, or send /join with the invite code.
error-not-onboarded = Please finish joining first: answer the question above, or send /start to continue.
error-forbidden = You are not allowed to do that. Send /help to see the commands you can use.
error-village-name-invalid = Please give the village a name, for example: /newvillage Youyi Village
error-invite-code-unknown = That invite code is not right. Check the 8-character code from your village, or open the invite link.
error-already-member = You are already a member of { $village }. Send /me to see your profile.
error-member-not-found = There is no member number { $number }.
error-role-unknown = There is no role "{ $role }". Roles: villager, cadre, secretary, supervisor, shopkeeper.
error-role-already-granted = Member { $number } already has that role.
error-role-not-granted = Member { $number } does not have that role.
error-last-secretary = A village needs at least one secretary; the last one cannot be removed.
error-role-villager-fixed = Every member is a villager; that role cannot be revoked.
error-name-invalid = Please send your real name (text, not starting with /).
error-household-invalid = Please send your household's name or house number, e.g. "Xie Qifu's home" or "Group 3, No. 12".
error-text-too-long = That is too long: at most { $max } characters, and yours has { $length }.

## Onboarding

village-created =
    Village "{ $name }" is created, and you are its secretary.
    Invite code: { $code }
    Invite link: { $link }
    Send the link to villagers: opening it lets them join.
start-newcomer =
    Hello! I am Yingshan, your village's assistant.
    Open the invite link your village shared to join, or send /join with the invite code.
start-member = Welcome back! You are a member of { $village }. Send /help to see what you can do.
join-usage = Write the invite code after /join, for example: /join ABCD2345
join-welcome = Welcome to { $village }! Your member number is { $number }.
join-ask-name = Please send your real name:
join-ask-household = Please send your household's name or house number (e.g. "Xie Qifu's home" or "Group 3, No. 12"):
join-done =
    Done! You have joined { $village }.
    Member number: { $number }
    Household: { $household }
    Send /me to see your profile, /help for the commands.
join-cancelled = Joining is cancelled. You can open the invite link again any time.
cancel-nothing = There is nothing to cancel.

## Profile

me-profile =
    Name: { $name }
    Village: { $village }
    Member number: { $number }
    Household: { $household }
    Roles: { $roles }
me-no-household = not registered
list-separator = {", "}
help-newcomer = You have not joined a village yet. You can use:
help-member = In { $village } you can use these commands:
lang-choose = Choose your language:
lang-switched = OK, I will speak English with you from now on.
lang-name-zh-CN = 中文
lang-name-en = English

## Roles

role-VILLAGER = villager
role-CADRE = cadre
role-SECRETARY = secretary
role-SUPERVISOR = supervisor
role-SHOPKEEPER = shopkeeper
grant-usage = Usage: /grant <member number> <role>, for example: /grant 12 cadre
revoke-usage = Usage: /revoke <member number> <role>, for example: /revoke 12 cadre
grant-done = Member { $number } { $name } is now a { $role }.
revoke-done = Member { $number } { $name } is no longer a { $role }.
grant-notice =
    You have a new role in { $village }: { $role ->
        [CADRE] cadre
        [SECRETARY] secretary
        [SUPERVISOR] supervisor
        [SHOPKEEPER] shopkeeper
       *[other] villager
    }. Send /help to see your new commands.
revoke-notice =
    Your role in { $village } was removed: { $role ->
        [CADRE] cadre
        [SECRETARY] secretary
        [SUPERVISOR] supervisor
        [SHOPKEEPER] shopkeeper
       *[other] villager
    }.

## Commands

command-start = Start / join a village
command-join = Join a village with an invite code
command-me = My profile
command-help = What I can do
command-lang = Language / 切换语言
command-grant = Grant a role (secretary)
command-revoke = Revoke a role (secretary)
command-cancel = Cancel what you are doing
command-newvillage = Create a village (admins)

## Unhandled

unknown-command = I do not know that command. Send /help to see what you can do.
unhandled-text = Got it. I cannot do anything with this message yet; send /help to see what you can do.
unhandled-message = I understand text and commands for now. Send /help to see what you can do.
unhandled-button = This button no longer works.

## Talk reminders

talk-reminder-due = ⏰ Reminder: talk item #{ $number } is due { $due }. Please get it done in time, then send /tasks to mark it done.
talk-overdue-escalation = ⚠️ Talk item #{ $number } is overdue: { $cadre } was to finish it by { $due } and has not marked it done. Please follow up.
talk-overdue-cadre = ⚠️ Talk item #{ $number } is past its due date ({ $due }) and not done yet. Please finish it soon and send /tasks to mark it done; if something is in the way, tell the secretary.
talk-closed-unrated = Talk item #{ $number } was done { $days } days ago and has not been rated, so it is closed as resolved (unrated). If the problem is still there, you can raise it again.
