## Errors

error-internal-short = Something went wrong; nothing was saved. Please try again.
error-internal = Sorry, something went wrong and nothing was saved. Please try again in a moment.
error-not-admin = Only this bot's administrators can create villages.
error-not-member = You have not joined a village yet. Open the invite link your village shared, or send /join with the invite code.
error-not-onboarded = Please finish joining first: answer the question above, or send /start to continue.
error-village-not-yours = You are not (or no longer) a member of that village, so this button no longer works. Send /village to see your villages.
error-award-not-found = There is no points award No. { $id }.
error-award-self-review = You proposed points award No. { $id }; someone else must review it.
error-award-already-reviewed = Points award No. { $id } has been reviewed already.
error-award-reason-required = Please give a reason for rejecting points award No. { $id }; the villager will see it.
error-award-usage = A proposal names 1 to { $max } member numbers.
error-award-member-not-found = These numbers are not active members of the village: { $numbers }.
error-award-daily-cap = Rule { $code } allows at most { $cap } a day per member; these members have reached it today: { $numbers }.
error-award-yearly-cap = Rule { $code } allows at most { $cap } a year per member; these members have reached it this year: { $numbers }.
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
error-talk-not-found = There is no item #{ $number }. Send /issues to see the open ones.
error-talk-illegal-transition = Item #{ $number } is { $status ->
        [OPEN] open
        [ACKNOWLEDGED] acknowledged
        [ASSIGNED] assigned
        [IN_PROGRESS] in progress
        [DONE] done, awaiting rating
        [RATED] rated
        [REOPENED] reopened
        [DECLINED] declined
        [MERGED] merged
        [CLOSED_UNRATED] closed (unrated)
       *[other] { $status }
    }, so that cannot be done now.
error-talk-empty = That is empty. Write a few words, or send a photo, a voice message or a location.
error-talk-already-rated = Item #{ $number } has already been rated; nothing more to do.
error-talk-not-hidden = Item #{ $number } is not hidden.
error-talk-hidden = Item #{ $number } is hidden, so it cannot be handled, rated or adopted until a supervisor restores it.
error-talk-not-done-yet = Item #{ $number } is not done yet; you will be asked to rate it when it is.
error-talk-not-raiser = Only the member who raised #{ $number } can rate it.
error-talk-not-assignee = Item #{ $number } is not your task: only the assigned cadre or the secretary can do that.
error-talk-due-invalid = I cannot read that due date, or it has passed. Write days (3 for within 3 days, 0 for today) or a date (12-01).
error-talk-merge-self = An item cannot be merged into itself.
error-talk-reason-required = Please write the text or the reason, for example: /decline 5 repair after the irrigation period
error-talk-stars-invalid = A rating is 1 to 5 stars.
error-talk-not-suggestion = Item #{ $number } is not a suggestion, so it cannot be adopted.
error-comment-not-found = There is no such comment.
error-talk-assign-cadre-unreadable = Tap one of the cadres, or type their member number (like 2), optionally followed by the due date (2 3).
error-member-not-cadre = Member { $number } is not a cadre, so the task cannot go to them.
error-point-rule-usage =
    Usage:
    /pointrule add <code> <points> [daily=N] [yearly=N] <description>
    /pointrule edit <code> <points> [daily=N|none] [yearly=N|none] [description]
    /pointrule retire <code>
    For example: /pointrule add help-neighbour +8 daily=1 Helping neighbours, with evidence
    A description in one language serves both; "zh:… en:…" gives each its own.
error-point-rule-code-invalid = "{ $code }" cannot be a rule code: use lower-case letters, digits and hyphens (up to { $max }), like help-neighbour.
error-point-rule-points-invalid = "{ $points }" is not valid points: a whole number other than 0, from -{ $max } to +{ $max }, like +8 or -5.
error-point-rule-cap-invalid = "{ $cap }" is not a valid cap. Write daily=N or yearly=N with N a whole number from 1, or daily=none to remove a cap.
error-point-rule-description-invalid = Please write the rule's description (one line, not starting with /), e.g. Helping neighbours, with evidence. For two languages: zh:帮助邻居 en:Helping neighbours
error-point-rule-exists = There is already a rule { $code }. To change it: /pointrule edit { $code } <points> [description]
error-point-rule-code-retired = The code { $code } belonged to a retired rule; codes are not reused, because past awards name them. Please choose another code.
error-point-rule-not-found = There is no rule { $code }. Send /rules points to see the rules.
error-point-rule-retired = The rule { $code } is retired and can no longer be changed.
error-point-rule-unchanged = That is what the rule { $code } already says; nothing was changed.
error-point-rule-changed-meanwhile = The rule { $code } was changed by someone else just now. Send /rules points to see it as it is, then try again.
error-join-awaiting-approval = Your request to join is waiting for a secretary or cadre to approve it; you will hear when they do. Send /cancel to withdraw it.
error-join-awaiting-household = Your request to join is waiting for the household's members to confirm you; you will hear when they do. Send /cancel to withdraw it.
error-join-request-not-found = This join request was not found.
error-join-already-decided = { $name } already { $outcome ->
        [approved] approved
        [rejected] rejected
        [confirmed] confirmed
       *[refused] refused
    } this request.
error-join-request-closed = The newcomer withdrew this request.
error-household-not-yours = Only a member of this household or a secretary can confirm.

## Volunteers

error-call-not-found = There is no volunteer call No. { $callNumber }.
error-call-closed = Sign-ups for volunteer call No. { $callNumber } are closed.
error-shift-not-found = Volunteer call No. { $callNumber } has no shift { $position }.
error-shift-started = Shift { $position } of volunteer call No. { $callNumber } has already started: you can no longer sign up or leave.
error-shift-overlap = You already have a place on shift { $position } of volunteer call No. { $callNumber } ({ $place }), at the same time as this one. You can only be in one place at a time.
error-shift-not-signed-up = This person is not on the list for shift { $position } of volunteer call No. { $callNumber }.
error-shift-cancel-too-late = You can no longer leave within { $minutes } minutes of the start: nobody could take your place in time. If you cannot come, please tell the person in charge.
error-shift-check-in-closed = You cannot check in now. Check-in is open from { $minutes } minutes before the start until the end.
error-shift-not-checked-in = You have not checked in yet, so you cannot check out.
error-shift-already-checked-out = You have already checked out; your time on this shift is recorded.
error-shift-check-out-closed = Check-out has closed ({ $minutes } minutes after the end). Without a check-out, your time counts until the end of the shift.
error-shift-marked-no-show = The person in charge marked you as not there. If you did come, ask them to check you in.
error-shift-not-supervisor = Only the person in charge of shift { $position } of volunteer call No. { $callNumber } (or the secretary) can do this.
error-shift-score-invalid = Please give a score from { $min } to { $max }.
error-shift-not-started = Shift { $position } of volunteer call No. { $callNumber } has not started yet: scores, ratings and reports open at the start.
error-shift-scoring-closed = The points for shift { $position } of volunteer call No. { $callNumber } are already being reviewed: no more scores, absences or reports.
error-shift-checked-in = Member { $number } has checked in, so they cannot be marked as not there.
error-shift-rating-own = You are a volunteer on this shift, so you cannot rate it.
error-shift-report-self = You cannot report yourself.
error-shift-report-invalid = { $field ->
        [deduction] The deduction must be from 1 to { $max } points.
       *[reason] Please write why you report this, in at most { $max } characters, e.g. Left the post for an hour
    }
error-shift-report-not-found = There is no report No. { $id }.
error-shift-report-decided = Report No. { $id } has already been decided.

## Onboarding

village-created =
    Village "{ $name }" is created, and you are its secretary.
    Invite code: { $code }
    Invite link: { $link }
    Send the link to villagers: opening it lets them join.
    Villagers will see your name on items and records. { $question }
start-newcomer =
    Hello! I am Yingshan, your village's assistant.
    Open the invite link your village shared to join, or send /join with the invite code.
start-member =
    Welcome back! In { $village } you are: { $roles }.
    { help-talk-hint }
    Send /help to see what you can do.
join-usage = Write the invite code after /join, for example: /join ABCD2345
join-welcome =
    Welcome to { $village }! Your member number is { $number }.

    { $question }
join-ask-name = Please send your real name:
join-ask-household = Please send your household's name or house number (e.g. "Xie Qifu's home" or "Group 3, No. 12"):
join-done =
    Done! You have joined { $village }.
    Member number: { $number }
    Household: { $household }
    { help-talk-hint }
    Send /me to see your profile, /help for the commands.
join-cancelled = Joining is cancelled. You can open the invite link again any time.
join-cancelled-back = Joining is cancelled. You are back in { $village }. You can open the invite link again any time.
cancel-nothing = There is nothing to cancel.
join-approval-asked =
    Thank you! Your request to join { $village } is sent; a secretary or cadre will approve it, and you will hear when they do.
    Member number: { $number }
    Household: { $household }
    Until then, /cancel withdraws it.
join-household-asked =
    The household "{ $household }" has members already: we asked them (or a secretary) to confirm that you belong to it, and you will hear when they do.
    Send /cancel to withdraw your request.
join-awaiting-approval = Your request to join { $village } is waiting for a secretary or cadre to approve it; you will hear when they do. Send /cancel to withdraw it.
join-awaiting-household = Your request to join { $village } is waiting for the household's members to confirm you; you will hear when they do. Send /cancel to withdraw it.
join-notice-approval-request =
    A newcomer asks to join { $village }:
    Name: { $name }
    Member number: { $number }
    Household: { $household }
    Check that they belong to the village, then approve or reject.
join-notice-household-request =
    { $name } (member { $number }) asks to join { $village } as one of the household "{ $household }". Do they belong to your household?
join-notice-approved = { join-done }
join-notice-rejected = Sorry, your request to join { $village } was not approved. Ask the village secretary if you think this is a mistake.
join-notice-household-refused =
    The household's members did not confirm that you belong to it.
    { join-ask-household }
join-notice-household-confirmed-awaiting = The household's members confirmed you belong to "{ $household }". A secretary or cadre now approves your join; you will hear when they do.
join-button-approve = ✅ Approve
join-button-reject = ❌ Reject
join-button-confirm-household = ✅ Yes, my household
join-button-refuse-household = ❌ No
join-approved = Member { $number } { $name } is approved.
join-rejected = Member { $number } { $name } is rejected.
join-household-confirmed = Member { $number } { $name } is confirmed in the household.
join-household-refused = Member { $number } { $name } is told they are not of this household.

## Profile

me-profile =
    Name: { $name }
    Village: { $village }
    Member number: { $number }
    Household: { $household }
    Roles: { $roles }
me-no-household = not registered
list-separator = {", "}
help-newcomer =
    You have not joined a village yet. You can use:

    { $commands }
help-member =
    { help-talk-hint }

    In { $village } you can use these commands:

    { $commands }
help-talk-hint = Something to raise? Send me any message, photo, voice message or location and it goes to the village (Villagers Talk).
help-command = /{ $command } — { $description }
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
command-village = My villages: see and switch
command-help = What I can do
command-lang = Language / 切换语言
command-grant = Grant a role (secretary)
command-revoke = Revoke a role (secretary)
command-cancel = Cancel what you are doing
command-newvillage = Create a village (admins)
command-talk = Villagers Talk: raise an issue or a suggestion
command-talk_for = Raise an item for a villager (cadre)
command-issues = Open items
command-issue = The whole story of one item
command-comment = Comment on an item
command-follow = Follow an item
command-unfollow = Stop following an item
command-report = Report an improper comment
command-rate = Rate how it was handled
command-inbox = Items awaiting a response (secretary)
command-reply = Reply publicly (secretary)
command-unassign = Cancel a task: back to the inbox (secretary)
command-assign = Assign to a cadre (secretary)
command-decline = Decline with a reason (secretary)
command-merge = Merge duplicates (secretary)
command-adopt = Adopt a suggestion (secretary)
command-hide = Hide an item (secretary)
command-restore = Restore a hidden item (supervisor)
command-hidecomment = Hide a comment (secretary)
command-linkgroup = Send in the village group to link it (secretary)
command-invite = The invite link (cadres)
command-settings = Village settings (secretary)
command-rules = The village rulebook (/rules points: the points table)
command-receipts = All receipts of a closed vote, to check and recount
command-pointrule = Add, edit or retire a points rule (secretary)
command-tasks = My tasks (cadre)
command-progress = Record progress (cadre)
command-done = Mark a task done (cadre)

## Talk

talk-category-FACILITY = Facility
talk-category-ENVIRONMENT = Environment
talk-category-SAFETY = Safety
talk-category-SUGGESTION = Suggestion
talk-category-DISPUTE = Dispute
talk-category-OTHER = Other
talk-status-OPEN = open
talk-status-ACKNOWLEDGED = acknowledged
talk-status-ASSIGNED = assigned
talk-status-IN_PROGRESS = in progress
talk-status-DONE = done, awaiting rating
talk-status-RATED = rated
talk-status-REOPENED = reopened
talk-status-DECLINED = declined
talk-status-MERGED = merged
talk-status-CLOSED_UNRATED = closed (unrated)
talk-task-status-ASSIGNED = not started
talk-task-status-IN_PROGRESS = in progress
talk-task-status-DONE = done
talk-task-status-CANCELLED = cancelled
talk-outcome-RESOLVED = resolved
talk-outcome-PARTLY_RESOLVED = partly resolved
talk-outcome-NOT_RESOLVED = not resolved
talk-prompt = What would you like to raise? Just send me text, a photo (with a caption if you like), a voice message or a location.
talk-for-usage = Usage: /talk_for member-number text, for example: /talk_for 12 the ditch by group 3 is broken
talk-ask-category = Which kind of matter is it?
talk-ask-category-voice = Voice message received. Which kind of matter is it? (You may first type a few words as its title.)
talk-ask-category-short = Please choose a category first.
talk-draft-confirm = Category: { $category }. Submit it?
talk-similar-intro = Someone has raised something similar. Is it one of these? Tap "me too" instead of submitting it again:
talk-similar-line = #{ $number }: { $text } ({ $likes } me too)
talk-draft-expired = That draft is gone; please send it again.
talk-draft-cancelled = Cancelled; nothing was submitted.
talk-submitted = Submitted as #{ $number }. You will hear how it is handled; send /issue { $number } any time.
talk-submitted-for = Recorded for member { $member } as #{ $number }.
talk-button-submit = ✅ Submit
talk-button-cancel = ✖️ Cancel
talk-button-metoo = 👍 Me too ({ $count })
talk-button-metoo-number = 👍 Me too: #{ $number }
talk-button-comment = 💬 Comment
talk-button-follow = 🔔 Follow
talk-button-reply = Reply
talk-button-assign = Assign
talk-button-decline = Decline
talk-button-merge = Merge
talk-button-start = Start
talk-button-done = Done
talk-button-report = Report comment { $id }
talk-button-skip = No comment
talk-card-head = [Villagers Talk #{ $number } · { $category }]
talk-card-voice = 🎤 Voice message
talk-card-media = (photo or location)
talk-card-location = 📍 Location: { NUMBER($latitude, maximumFractionDigits: 5) }, { NUMBER($longitude, maximumFractionDigits: 5) }
talk-card-raised = Raised by { $raiser }
talk-card-raised-for = Raised by { $raiser } (recorded by { $enteredBy })
talk-card-status = Status: { $status } · 👍 { $likes }
talk-list-line = #{ $number } [{ $category }] { $text } — { $status }, 👍 { $likes }
talk-metoo-counted = Counted: { $count } people now raise #{ $number }.
talk-metoo-already = You already did; { $count } people raise #{ $number }.
talk-metoo-instead = Done: your voice counts on #{ $number } and the draft was not submitted. You will hear about its progress.
talk-ask-comment = Send your comment on #{ $number } (or /cancel):
talk-comment-unreachable = I cannot write to you in private. Open @{ $bot }, tap Start, then press 💬 again.
talk-asked-privately = Please write your comment in your private chat with me.
talk-commented = Your comment on #{ $number } is posted.
talk-comment-usage = Usage: /comment number text, for example: /comment 3 same at my door
talk-followed = You follow #{ $number } now and will hear about its progress.
talk-unfollowed = You no longer follow #{ $number }.
talk-follow-usage = Usage: /follow number
talk-issues-title = Open items (most "me too" first):
talk-issues-empty = There are no open items. If something is on your mind, just send it to me.
talk-issue-usage = Usage: /issue number, for example: /issue 3
talk-item-hidden = Item #{ $number } was hidden by { $by }. Reason: { $reason }
talk-timeline-title = What happened:
talk-timeline-merged-into = Merged into #{ $into }; follow the progress there.
talk-event-system = system
talk-event-raised = raised by { $by }
talk-event-raised-for = { $enteredBy } recorded it for { $by }
talk-event-status = { $by }: { $status }
talk-event-reason = { " " }({ $reason })
talk-event-comment = { $by } commented [{ $id }]: { $text }
talk-event-comment-hidden = a comment [{ $id }] by { $by } was hidden by { $hiddenBy }, reason: { $reason }
talk-timeline-hidden-for-supervisors = ⚠️ Hidden by { $by } (reason: { $reason }). Only supervisors see it; /restore to bring it back.
talk-event-hidden = { $by } hid it, reason: { $reason }
talk-event-restored = { $by } restored it, reason: { $reason }
talk-event-task = the task went to { $assignee } (No. { $number }), due { $due }
talk-event-note = { $by } noted progress: { $text }
talk-event-photo = { " " }(with photo)
talk-event-rating = { $by } rated { $stars } stars, { $outcome }
talk-event-rating-comment = : "{ $comment }"
talk-report-hint = If a comment is improper, report it with the buttons below:
talk-report-usage = Usage: /report comment-number (the number in brackets in /issue)
talk-reported = Thank you; the secretary will look at comment { $id } ({ $reports } reports).
talk-hide-usage = Usage: /hide number reason
talk-restore-usage = Usage: /restore number reason, for example /restore 5 the complaint is legitimate
talk-restored = #{ $number } is visible again; the secretaries were told.
talk-hidden = Item #{ $number } is hidden.
talk-hidecomment-usage = Usage: /hidecomment comment-number reason
talk-comment-hidden = Comment { $id } is hidden; the item's record says so.
talk-flood = You are sending messages too fast. Please wait { $seconds } seconds and try again. Thank you!
talk-group-linked = Linked: this is the village group of { $village }. Villagers Talk items are posted here; reply to an item's post to comment.
talk-inbox-title = { $count } items await a response (oldest first):
talk-inbox-empty = No items await a response.
talk-ask-reply = Send your public reply to #{ $number } (or /cancel):
talk-ask-assign = Who should do #{ $number }? Tap a cadre, or type their member number (or /cancel):
talk-ask-decline = Send the reason for declining #{ $number }; everyone will see it:
talk-ask-merge = Send /merge { $number } target-number to merge #{ $number } into another item.
talk-ask-due = By when should { $name } (No. { $cadre }) finish #{ $number }? Tap, or type days (3) or a date (12-01):
talk-ask-due-date = Type the due date for #{ $number }, e.g. 12-01 (or days: 3):
talk-assign-no-cadres = There are no cadres yet. Make one first with /grant number cadre.
talk-button-due-3 = In 3 days
talk-button-due-7 = In a week
talk-button-due-date = A date…
talk-step-expired = That came more than { $minutes } minutes after the question about #{ $number }, so the question was closed and your message was not used.
talk-step-moot = #{ $number } is now { $status }, so the question about it was closed and your message was not used.
talk-step-gone = gone
talk-step-again-comment = To comment on it: /comment { $number } your text
talk-step-again-reply = To reply to it: /reply { $number } your text
talk-step-again-decline = To decline it: /decline { $number } reason
talk-step-again-assign = To assign it: /assign { $number }
talk-step-again-rate-comment = To rate it: /rate { $number }
talk-replied = Replied publicly to #{ $number }.
talk-reply-usage = Usage: /reply number text
talk-assign-usage = Usage: /assign number (then choose the cadre and the due date), or /assign number cadre-number due, for example /assign 5 2 3 (within 3 days) or /assign 5 2 12-01
talk-reassigned = #{ $number } now goes to { $name } (No. { $cadre }), due { $due }; the earlier cadre was told.
talk-unassigned = The task for #{ $number } is cancelled; it is back in the inbox.
talk-unassign-usage = Usage: /unassign number, for example /unassign 5
talk-assigned = #{ $number } is assigned to { $name } (No. { $cadre }), due { $due }.
talk-decline-usage = Usage: /decline number reason, for example: /decline 5 repair after the irrigation period
talk-declined = #{ $number } is declined; the reason is public.
talk-merge-usage = Usage: /merge number target-number, for example: /merge 7 3
talk-merged = #{ $number } is merged into #{ $into }; its me-toos and followers moved along.
talk-adopt-usage = Usage: /adopt number
talk-adopted = Suggestion #{ $number } is adopted; points were proposed for the person who raised it.
talk-adopted-again = Suggestion #{ $number } was already adopted.
talk-tasks-title = You have { $count } tasks (soonest due first):
talk-tasks-empty = You have no tasks now.
talk-task-line = #{ $number }: { $text } (due { $due }, { $status })
talk-started = Work on #{ $number } has started.
talk-progress-usage = Usage: /progress number text, or a photo captioned "/progress number text"
talk-progress-saved = Progress on #{ $number } recorded.
talk-done-usage = Usage: /done number
talk-done = #{ $number } is done; the person who raised it was asked to rate it.
talk-rate-usage = Usage: /rate number
talk-rate-nothing = Nothing is waiting for your rating.
talk-rate-waiting = These are done; please rate them (send /rate number):
talk-rate-waiting-line = #{ $number }: { $text }
talk-rate-ask-stars = #{ $number } is done. How satisfied are you? (1 to 5 stars)
talk-rate-ask-outcome = You gave { $stars } stars. Was the problem solved?
talk-rate-ask-comment = Anything to add? Send it as text, or tap "No comment".
talk-rated-closed = Thank you for rating! #{ $number } is closed.
talk-rated-reopened = Thank you for rating. #{ $number } is reopened; the secretary will arrange it again.
talk-notice-raised-for = A cadre recorded an item for you: #{ $number }. Send /issue { $number } to see it; you will hear about its progress.
talk-notice-comment = New comment on #{ $number }. Send /issue { $number } to read it.
talk-notice-reply = The secretary replied to #{ $number }. Send /issue { $number } to read it.
talk-notice-assigned = #{ $number } was assigned to { $cadre }, due { $due }.
talk-notice-task-reassigned = #{ $number } was given to another cadre; you need not do it any more.
talk-notice-task-cancelled = The task for #{ $number } was cancelled (declined, merged or taken back); you need not do it any more.
talk-notice-hidden = { $by } hid #{ $number }, reason: { $reason }. As a supervisor you can read it with /issue { $number } and restore it with /restore { $number } reason.
talk-notice-restored = Supervisor { $by } restored #{ $number }, reason: { $reason }.
talk-notice-task = You have a new task: #{ $number }, due { $due }. Send /tasks to see it.
talk-notice-declined = #{ $number } was declined. Send /issue { $number } to see why.
talk-notice-merged = #{ $number } is the same matter as #{ $into } and was merged into it; follow the progress there.
talk-notice-started = Work on #{ $number } has started.
talk-notice-progress = New progress on #{ $number }. Send /issue { $number } to see it.
talk-notice-done = #{ $number } is done.
talk-notice-rate = #{ $number }, which you raised, is done. How satisfied are you? Tap the stars (or send /rate { $number } later).
talk-notice-reopened = The person who raised #{ $number } gave { $stars } stars or found it not resolved: it is reopened. Send /inbox to arrange it again.
talk-notice-adopted = Your suggestion #{ $number } was adopted and points were proposed for you. Thank you!
talk-notice-reported = Comment { $id } on #{ $number } was reported as improper. Send /issue { $number } to read it; /hidecomment { $id } reason hides it with a public reason.

## Village settings

settings-show =
    Settings of { $village }:
    Newcomers need approval: { $approval ->
        [on] on
       *[off] off
    }
    Cadres may review each other's points proposals: { $review ->
        [on] on
       *[off] off
    }
    Invite link: { $link }

    To change: /settings approval on or /settings approval off; /settings review cadres on or off
    A new invite code (the old link stops working): /invite new
settings-usage = Usage: /settings approval on (a secretary or cadre approves each newcomer) or /settings approval off (newcomers join once they answer the questions); volunteer calls: /settings quiet 22:00-07:00 (or off), /settings reminder 60, /settings noshow -5, /settings paid 100 (Stars, or off)
settings-review-set = { $review ->
        [on] On: cadres may review points proposals made by other cadres (never their own).
       *[off] Off: points proposals are reviewed by the secretaries and supervisors only.
    }
settings-review-unchanged = { $review ->
        [on] Cadre review was already on.
       *[off] Cadre review was already off.
    }
settings-approval-set = { $approval ->
        [on] Approval is on: a secretary or cadre approves each newcomer.
       *[off] Approval is off: newcomers join once they answer the questions. Requests already waiting still need a decision.
    }
settings-approval-unchanged = { $approval ->
        [on] Approval was already on.
       *[off] Approval was already off.
    }
invite-current =
    Invite code: { $code }
    Invite link: { $link }
    Send the link to villagers: opening it lets them join.
invite-rotated =
    The invite code is new; the old invite link no longer works.
    Invite code: { $code }
    Invite link: { $link }
invite-usage = Usage: /invite shows the invite link; /invite new makes a new invite code (the old link stops working).

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

## Villages (a person in several)

village-list-title = Your villages:
village-list-line = { $current ->
    [yes] ▶ { $village }: { $roles }, member { $number } (current)
   *[no] · { $village }: { $roles }, member { $number }
}
village-list-unfinished = joining not finished
village-list-hint = Tap a village below to switch. Your messages and commands act in the current village; buttons on older messages still act in their own village.
village-list-only-one = { $village } is your only village.
village-list-none = You have not joined a village yet. Open the invite link your village shared, or send /join with the invite code.
village-switched = Switched to { $village }. There you are: { $roles }.
village-switch-same = You are in { $village } already.
start-member-villages = You belong to { $count } villages; send /village to switch.

## Points

points-notice-applied = Points { $points }: { $reason }. Recorded in the village points ledger as entry { $sequence } (fingerprint { $hash }); keep it to check the ledger was never altered.

## Points rules

points-rules-title = Points rules of { $village }:
points-rules-empty = { $village } has no points rules in force.
points-rules-more = (continued)
points-rules-line = { $points }  { $description } · { $code }{ $caps }
points-rules-caps = {" "}({ $caps })
points-rules-cap-daily = at most { $count } a day
points-rules-cap-yearly = at most { $count } a year
points-rules-footer = Cadres propose awards under these rules and a reviewer checks each one.
pointrule-added = Rule { $code } added (version 1): { $line }
pointrule-edited = Rule { $code } is now version { $version }: { $line }
pointrule-retired = Rule { $code } is retired (version { $version }); it is no longer in the table.
points-rule-announce-add =
    📋 New points rule ({ $code }):
    { $line }
points-rule-announce-edit =
    📋 Points rule { $code } changed (version { $version }):
    now: { $line }
    before: { $before }
points-rule-announce-retire =
    📋 Points rule { $code } retired (version { $version }): { $line }
    It no longer applies to new awards.

## Points: awards

command-award = Propose points (cadres): /award number rule-code note
command-awards = Points proposals waiting for review
command-award_ok = Approve a points proposal
command-award_no = Reject a points proposal (with a reason)
points-award-usage =
    Usage: /award member-number rule-code note
    For example: /award 3 help-neighbour helped the Xie family bring in the rice
    Several at once: /award 3,5,7 volunteer-hour cleaned the river (3-9 works too)
    Send /rules points to see the rule codes.
points-proposed = Points proposal No. { $batch } sent: { $count } member(s), { $points } each ({ $code }). They will be told once it is reviewed.
points-proposed-no-reviewer = Points proposal No. { $batch } sent: { $count } member(s), { $points } each ({ $code }). There is no other reviewer (secretary or supervisor) in the village right now; ask one to send /awards.
points-notice-proposed = New points proposal No. { $batch }: { $count } member(s) (numbers { $numbers }), { $points } each, rule { $code }, proposed by member { $proposer }. Send /awards for the note.
points-button-approve = ✅ Approve
points-button-reject = ❌ Reject
points-reject-how = A rejection needs a reason, which the villager will see. Please send: /award_no { $batch } reason
points-review-usage = Usage: /award_ok proposal-number, or /award_no proposal-number reason
points-reviewed-approved = Points proposal No. { $batch } approved ({ $count } member(s)).
points-reviewed-rejected = Points proposal No. { $batch } rejected ({ $count } member(s)); they have been told why.
points-notice-approved = Your { $points } points (No. { $id }) were approved and go into the points ledger in { $hours } hours. If you disagree, send /appeal { $id } and your reason before then.
points-notice-approved-now = Your { $points } points (No. { $id }) were approved and go into the points ledger now.
points-notice-rejected = Your points proposal of { $points } (No. { $id }) was not approved. Reason: { $reason }
points-awards-empty = No points proposals wait for review.
points-awards-title = { $count } points proposal(s) wait for review:
points-awards-line = No. { $batch }: members { $numbers }, { $points } each ({ $code }), note: { $reason }. Proposed by member { $proposer }.

## Points: the ledger

command-verify = Check the village points ledger
points-verify-ok = The points ledger of { $village } holds: { $entries } entries, each linked to the one before, latest fingerprint { $hash }; it matches all { $checkpoints } checkpoints published in the group.
points-verify-empty = The points ledger of { $village } has no entries yet.
points-verify-broken = ⚠️ The points ledger of { $village } does not hold from entry { $sequence } on ({ $reason }). Please tell the secretary and the supervisors, and keep the points notices you received.
points-verify-reason-hash-mismatch = that entry was altered
points-verify-reason-broken-link = that entry does not link to the one before
points-verify-reason-gap = entries are missing
points-verify-reason-checkpoint-mismatch = it differs from a checkpoint published in the group
points-verify-reason-head-mismatch = the end of the ledger was altered
points-checkpoint-post =
    📒 Points ledger checkpoint ({ $village })
    { $sequence } entries so far; the latest entry's fingerprint is:
    { $hash }
    Please keep this message: whenever anyone sends /verify, the ledger is checked against it, and an altered ledger will not match.

## Points: appeals

command-appeal = Appeal points awarded to you: /appeal <award no.> <reason>
command-appeals = Appeals waiting for a decision (secretary)
command-appeal_uphold = Uphold an appeal: the award is cancelled (secretary)
command-appeal_reject = Reject an appeal: the award is recorded at once (secretary)
error-appeal-not-yours = Points award No. { $id } was not made to you; only its member may appeal it.
error-appeal-not-approved = Points award No. { $id } has not been approved (or was rejected), so it cannot be appealed.
error-appeal-window-closed = The appeal period of points award No. { $id } is over; it is, or is being, recorded in the ledger.
error-appeal-already-made = Points award No. { $id } has been appealed already; an award can be appealed once.
error-appeal-reason-required = Please give a reason for your appeal, for example: /appeal 12 I was not in the village that day
error-appeal-not-found = Points award No. { $id } has no appeal. Send /appeals to see the appeals waiting for a decision.
error-appeal-already-decided = The appeal of points award No. { $id } has been decided already.
error-appeal-own-award = Points award No. { $id } was made to you; another secretary must decide its appeal.
error-appeal-decision-reason-required = Please give a reason for your decision; the villager will see it. For example: /appeal_uphold 12 The photo shows someone else
points-appeal-usage =
    Usage: /appeal <award no.> <reason>
    You may appeal an award once, after it is approved and before it is recorded; the secretary decides.
points-appealed = Your appeal of points award No. { $id } ({ $points } points) is submitted. The award stays out of the ledger until the secretary decides; you will be told the decision.
points-notice-appeal = { $name } (No. { $number }) appealed points award No. { $id } ({ $points } points). Send /appeals to read why.
points-appeal-decide-usage =
    Usage: /appeal_uphold <award no.> <reason> (uphold: the award is cancelled)
    or: /appeal_reject <award no.> <reason> (reject: the award is recorded at once)
points-appeals-empty = No appeals are waiting for a decision.
points-appeals-title = { $count ->
    [one] One appeal waits for a decision:
   *[other] { $count } appeals wait for a decision:
}
points-appeals-line =
    Award No. { $id }: { $name } (No. { $number }), { $points } points, for: { $award }
    Appeal: { $reason }
    Uphold: /appeal_uphold { $id } <reason>   Reject: /appeal_reject { $id } <reason>
points-appeal-upheld = You upheld the appeal of points award No. { $id } ({ $points } points): the award is cancelled, and its member has been told why.
points-appeal-rejected = You rejected the appeal of points award No. { $id } ({ $points } points): the award is being recorded in the ledger, and its member has been told why.
points-notice-appeal-upheld = Your appeal of points award No. { $id } ({ $points } points) was upheld: the award is cancelled and will not be recorded. The secretary's reason: { $reason }
points-notice-appeal-rejected = Your appeal of points award No. { $id } ({ $points } points) was rejected: the award is being recorded in the ledger. The secretary's reason: { $reason }

## Points: balances and ranking

command-points = My points: balance, rank, stars and latest entries
command-top = The points ranking: /top week, month or all
points-view-title = { $name } (No. { $number }) · { $village }
points-view-balance = Points: { $balance }  { $stars }
points-view-rank = Rank in the village: { $rank } of { $count }
points-view-household = { $household }: { $total } points, { $rank } of { $count } households
points-view-none = You have no points yet. Taking part under the village's rules earns them: send /rules points to see how.
points-view-recent = Latest entries:
points-view-entry = { $date } { $amount } { $reason } (#{ $sequence } · { $hash })
points-view-footer = In brackets: the ledger entry and its fingerprint, to check the ledger was never altered.
points-top-title = { $period ->
    [week] Top points in { $village } this week:
    [month] Top points in { $village } this month:
   *[all] Top points in { $village }, all time:
}
points-top-line = { $rank }. { $name } (No. { $number }) { $points }
points-top-line-you = { $rank }. { $name } (No. { $number }) { $points } ← you
points-top-more-tied = …and { $count } more with the same points
points-top-you = You: { $rank }, with { $points } points
points-top-you-none = { $period ->
    [week] You have no points this week yet. Keep going!
    [month] You have no points this month yet. Keep going!
   *[all] You have no points yet. Keep going! Send /rules points to see how to earn them.
}
points-top-empty = { $period ->
    [week] Nobody has earned points this week yet. Send /top all for the all-time ranking.
    [month] Nobody has earned points this month yet. Send /top all for the all-time ranking.
   *[all] Nobody in the village has points yet. Send /rules points to see how to earn them.
}
error-points-top-usage =
    Usage: /top for the all-time ranking, /top week for this week, /top month for this month.
    (本周, 本月 and 全部 work too)

## Points: weekly stars

command-stars = The weekly stars
points-stars-post =
    🌟 Last week's stars (week of { $week })
    { $stars }
    Thank you for what you did for the village! Let's keep it up this week.
points-stars-line = { $rank }. { $name }  +{ $points }
points-notice-star = 🌟 Congratulations! You are one of last week's village stars (place { $rank }, { $points } points earned). Thank you for what you did for the village!
points-stars-title = 🌟 The village's weekly stars
points-stars-week = Week of { $week }:
points-stars-none = No weekly stars have been named yet. Every Monday at 9:00 the members who earned the most points the week before are named.
points-award-announce = 📢 Points made public (No. { $batch }): { $members }, { $points } each, for: { $reason }. Each may appeal within { $hours } hours; then the points go into the ledger.
points-award-announce-now = 📢 Points made public (No. { $batch }): { $members }, { $points } each, for: { $reason }. They are in the points ledger now.
points-award-announce-member = { $name } (member { $number })

## Votes: refusals from the core

error-vote-title-invalid = A vote's title needs 1 to { $max } characters.
error-vote-body-invalid = The proposal needs 1 to { $max } characters.
error-vote-duration-invalid = A vote runs at least 1 hour and at most 30 days. Write it as 5d, 36h (or 5天, 36小时).
error-vote-quorum-invalid = The quorum is a percent from 1 to 100: 50 means at least half must take part. Choose "none" for no quorum.
error-vote-options-invalid = The options need "for" and "against", and may have "abstain"; each label has at most { $max } characters.
error-vote-rule-not-found = The village rules have no rule { $number }. Send /rules to see them.
error-vote-rule-repealed = Rule { $number } has been repealed.
error-vote-point-rule-invalid = That points rule change does not work: { $reason }
error-vote-list-invalid = Member number(s) { $numbers } are not active members of the village. Write the members' numbers again, separated by spaces or commas.
error-vote-electorate-empty = Nobody could vote with that electorate. Choose another.
error-vote-not-found = There is no vote { $number }. Send /votes to see the village's votes.
error-vote-closed = Vote { $number } has closed; no more ballots are taken.
error-vote-not-elector = You are not on the list of voters of vote { $number } (it was fixed when the vote was launched).
error-vote-option-unknown = Vote { $number } has no such option. Write for, against or abstain, or the option's number.
error-vote-proxy-self = To vote for yourself just use /vote.
error-vote-proxy-voted-in-person = { $name } has voted in vote { $number } in person; a proxy vote cannot replace it.

## Votes: results and rulebook

vote-result-meaning-for = For
vote-result-meaning-against = Against
vote-result-meaning-abstain = Abstain
vote-result-post =
    🗳 Result of vote { $number }: { $title }
    { $counts }
    Turnout: { $turnout } of { $electorate } ({ $percent }%). { $quorum }
    To pass: { $threshold }.
    Result: { $result }{ $change }
vote-result-count-line = · { $label }: { $count } ({ $percent }%)
vote-result-quorum-none = No quorum was set.
vote-result-quorum-met = The quorum of { $quorum }% was met.
vote-result-quorum-missed = The quorum of { $quorum }% was not met.
vote-result-threshold-majority = more for than against (abstentions not counted)
vote-result-threshold-two-thirds = at least two thirds of those for or against (abstentions not counted)
vote-result-adopted = ✅ adopted
vote-result-rejected = ❌ not adopted
vote-result-no-quorum = ⚠️ too few took part: the vote does not count
vote-result-change-rule-added = It is now rule { $rule } of the village rulebook. Send /rules to read it.
vote-result-change-rule-amended = Rule { $rule } now reads as its version { $version }. Send /rules to read it.
vote-result-change-rule-repealed = Rule { $rule } is repealed.
vote-result-change-point-rule-add = The points rule { $code } is added to the points table. Send /rules points to see it.
vote-result-change-point-rule-edit = The points rule { $code } is changed (version { $version }). Send /rules points to see it.
vote-result-change-point-rule-retire = The points rule { $code } is retired.
vote-result-refused-rule-missing = But the rulebook has no rule { $rule }, so it is unchanged.
vote-result-refused-rule-repealed = But rule { $rule } was repealed while the vote ran, so the rulebook is unchanged.
vote-result-refused-rule-changed-meanwhile = But rule { $rule } was changed by another vote while this one ran: people voted on a text that is no longer the rule's, so the rulebook is unchanged. To change it still, launch a new vote.
vote-result-refused-point-rule-change-invalid = But the points-rule change cannot be made, so the points table is unchanged.
vote-result-refused-point-rule-exists = But the points rule { $code } was added while the vote ran, so the points table is unchanged.
vote-result-refused-point-rule-code-retired = But the code { $code } belongs to a retired rule and is not reused, so the points table is unchanged.
vote-result-refused-point-rule-not-found = But there is no points rule { $code }, so the points table is unchanged.
vote-result-refused-point-rule-retired = But the points rule { $code } was retired while the vote ran, so the points table is unchanged.
vote-result-refused-point-rule-unchanged = The points rule { $code } already reads that way: nothing to change.
vote-result-refused-point-rule-changed-meanwhile = But the points rule { $code } was changed while the vote ran, so the points table is unchanged.
vote-result-refused-point-rule-description-invalid = But the rule's description is not valid, so the points table is unchanged.
vote-result-names-title = Vote { $number } (an open ballot), who chose what:
vote-result-names-line = { $label }: { $names }
vote-result-notice-adopted = 🗳 Vote { $number }, which you took part in, has closed: adopted. { $turnout } of { $electorate } took part. Send /receipts { $number } to check your receipt.
vote-result-notice-rejected = 🗳 Vote { $number }, which you took part in, has closed: not adopted. { $turnout } of { $electorate } took part. Send /receipts { $number } to check your receipt.
vote-result-notice-no-quorum = 🗳 Vote { $number }, which you took part in, has closed: too few took part, so it does not count. { $turnout } of { $electorate } took part. Send /receipts { $number } to check your receipt.
vote-reminder-notice = ⏰ Vote { $number } closes { $closes } and you have not voted yet. Send /votes to see it, or /vote { $number } for (against, abstain).
vote-receipts-usage = Usage: /receipts <vote number>, e.g. /receipts 3. Every receipt is published once the vote has closed.
vote-receipts-title = All receipts of vote { $number } ({ $title }), { $count } in all: { $counts }
vote-receipts-count = { $label } { $count }
vote-receipts-separator = {", "}
vote-receipts-line = { $receipt }  { $label }
vote-receipts-file-follows = Sorted by receipt: find yours to check it. The full list follows as a file, from which anyone can recount.
vote-receipts-file-only = Too many receipts to list in messages: the full list follows as a file (sorted by receipt), from which anyone can recount.
vote-receipts-file-header = Vote { $number }: { $title }. { $count } receipts (receipt, option number, option):
vote-receipts-file-caption = All receipts of vote { $number } ({ $count })
error-vote-receipts-not-closed = Vote { $number } has not closed yet. Receipts are published only after the close: receipts with their choices are a running tally.
rulebook-title = 📜 The rulebook of { $village }:
rulebook-empty = { $village }'s rulebook has no rules yet. Rules enter it when the villagers adopt them by vote.
rulebook-rule = Rule { $number }: { $title } (version { $version })
    { $text }
rulebook-more = (continued)
rulebook-footer = Send /rules history for every rule's history, /rules points for the points table.
rulebook-usage = Usage: /rules for the village rulebook, /rules history for its history, /rules points for the points table.
rulebook-history-title = 📜 The history of { $village }'s rulebook:
rulebook-history-empty = { $village }'s rulebook has no history yet.
rulebook-history-version = { $date }  rule { $rule } "{ $title }", version { $version }
rulebook-history-repeal = { $date }  rule { $rule } "{ $title }" repealed
rulebook-history-vote =   by vote { $number } "{ $title }": { $counts }
rulebook-history-count = { $label } { $count }
rulebook-history-separator = {", "}
rulebook-history-no-vote =   (written before votes)
## Votes: launch and voting

command-newvote = Launch a rule vote (secretary)
command-vote = Vote, or see a vote
command-votes = The village's votes and their turnout
command-votecomment = Comment on a vote's proposal
command-proxyvote = Record a vote for a villager without a phone (cadre)

error-vote-draft-press-button = Please answer this one with the buttons below.
error-vote-draft-stale = That button is out of date; please answer the latest question.
error-vote-comment-invalid = A comment cannot be empty, and has at most 500 characters.
error-vote-choice-unknown = I cannot read “{ $word }”. Write for, against or abstain, or the option's number, e.g. /vote { $number } for

vote-launch-usage =
    To launch a vote: send /newvote and answer the questions.
    To put a Villagers Talk item to the vote: /newvote from <item number>, e.g. /newvote from 12
vote-launch-started = Let's launch a rule vote, one question at a time. Send /cancel at any point to stop.
vote-launch-started-from-item = Putting item { $number } “{ $title }” to the vote: its title and text are the proposal. Next, the kind of vote. Send /cancel at any point to stop.
vote-launch-ask-title = First: the vote's title? (One line, at most 100 characters, e.g. No pre-wedding banquets)
vote-launch-ask-body = Next: the rule text proposed (for an amendment or a repeal, say why). At most 2000 characters.
vote-launch-ask-kind = This vote is to:
vote-launch-ask-rule = Which rule of the rulebook? Send its number (/rules shows the rules in force).
vote-launch-ask-point-code = Which points rule? Send its code, e.g. help-neighbour. A new code adds a new rule.
vote-launch-ask-point-points = How many points should { $code } give? Send e.g. +8 or -5; or press “Retire” to retire the rule.
vote-launch-ask-point-description = { $code } is a new rule: in one line, what does it reward or fine? (e.g. Helping a neighbour in the fields)
vote-launch-ask-options = The options: for / against / abstain by default. For other words, write them in that order separated by “/”, e.g. Yes / No / Abstain (abstain may be left out).
vote-launch-ask-duration = How long does the vote run? 5 days by default. You can also write e.g. “3d” or “36h” (1 hour to 30 days).
vote-launch-ask-secrecy = Open or secret ballot? An open ballot's result lists every voter's choice; in a secret ballot nobody can see who chose what.
vote-launch-ask-quorum = A quorum? E.g. 50 means at least half must vote for the result to count. None by default. You can also type a percentage.
vote-launch-ask-threshold = What does it take to pass? More for than against by default (a majority); important matters may need two thirds.
vote-launch-ask-electorate = Who votes? Every member, one vote each, by default.
vote-launch-ask-list = Send the member numbers of those who vote (e.g. the villager representatives), separated by spaces or commas, e.g. 2 5 8 13

vote-launch-choice-kind-new = 📜 New rule
vote-launch-choice-kind-amend = ✏️ Amend a rule
vote-launch-choice-kind-repeal = 🗑 Repeal a rule
vote-launch-choice-kind-points = ⭐ Change a points rule
vote-launch-choice-point-points-retire = Retire the rule
vote-launch-choice-options-default = ✅ Default: for / against / abstain
vote-launch-choice-duration-default = ✅ Default: 5 days
vote-launch-choice-duration-1d = 1 day
vote-launch-choice-duration-3d = 3 days
vote-launch-choice-duration-7d = 7 days
vote-launch-choice-secrecy-default = ✅ Open ballot (default)
vote-launch-choice-secrecy-secret = 🔒 Secret ballot
vote-launch-choice-quorum-default = ✅ None (default)
vote-launch-choice-quorum-30 = At least 30%
vote-launch-choice-quorum-50 = At least half
vote-launch-choice-quorum-67 = At least two thirds
vote-launch-choice-threshold-default = ✅ Majority (default)
vote-launch-choice-threshold-two-thirds = Two thirds
vote-launch-choice-electorate-default = ✅ Every member (default)
vote-launch-choice-electorate-households = 🏠 One vote per household
vote-launch-choice-electorate-list = 📋 A list
vote-launch-choice-confirm-launch = ✅ Launch the vote
vote-launch-choice-confirm-cancel = ❌ Cancel

vote-launch-preview-title = 🗳 Please check the vote: { $title }
vote-launch-preview-from-item = From Villagers Talk item { $number }
vote-launch-preview-electorate-MEMBERS = Who votes: every member, one vote each
vote-launch-preview-electorate-HOUSEHOLDS = Who votes: one vote per household (any member of it may cast it; the latest counts)
vote-launch-preview-electorate-LIST = Who votes: a list (members { $numbers })
vote-launch-preview-days = Runs for: { $days } days
vote-launch-preview-hours = Runs for: { $hours } hours
vote-launch-preview-minutes = Runs for: { $minutes } minutes
vote-launch-preview-confirm = If all is right, press “Launch the vote”: the village group is told, and every voter gets their ballot in private.
vote-launch-expired = The vote you were preparing had no answer for over an hour and was dropped. Send /newvote to start again.
vote-launch-none = No vote is being prepared. Send /newvote to start one.
vote-launch-cancelled = Cancelled; no vote was launched.
vote-launch-done =
    ✅ Vote { $number } is launched; it closes { $closes }.
    Sending the ballots to { $size } members in private; the progress shows below.
vote-launch-progress = 📤 Sending the ballots of vote { $number }: { $sent } delivered, { $failed } failed, of { $total }.
vote-launch-progress-done = ✅ The ballots of vote { $number } are sent: { $sent } delivered, { $failed } failed, of { $total }. (Those that failed have usually never opened the bot: ask them to send /vote { $number } to it in private.)

vote-card-title = 🗳 Vote { $number }: { $title }
vote-announce-title = 📢 Rule vote No. { $number }: { $title }
vote-announce-how = How to vote: every voter has their ballot from the bot in private; press a button there, or send /vote { $number } for (or against, abstain) to the bot. You may change your vote until the close; the latest counts.
vote-card-kind-NEW_RULE = Kind: a new rule
vote-card-kind-AMEND_RULE = Kind: amend rule { $rule }
vote-card-kind-REPEAL_RULE = Kind: repeal rule { $rule }
vote-card-kind-POINT_RULE = Kind: change a points rule
vote-card-kind-point-add = Kind: a new points rule { $code }, { $points } points: { $description }
vote-card-kind-point-edit = Kind: points rule { $code } to give { $points } points
vote-card-kind-point-retire = Kind: retire points rule { $code }
vote-card-option-FOR = For
vote-card-option-AGAINST = Against
vote-card-option-ABSTAIN = Abstain
vote-card-options = Options: { $options }
vote-card-open = Open ballot: the result lists every voter's choice
vote-card-secret = 🔒 Secret ballot: nobody can see who chose what
vote-card-quorum-none = Quorum: none
vote-card-quorum = Quorum: at least { $percent }% must vote for the result to count
vote-card-threshold-MAJORITY = Passes with more for than against
vote-card-threshold-TWO_THIRDS = Passes with two thirds of those for or against
vote-card-electorate-MEMBERS = Who votes: every member, { $size } in all
vote-card-electorate-HOUSEHOLDS = Who votes: one vote per household, { $size } households
vote-card-electorate-LIST = Who votes: a list of { $size } members
vote-card-closes = Closes: { $closes }
vote-card-closed = Closed { $closes }
vote-card-turnout = Voted so far: { $turnout } of { $size } (the counts are published only at the close)
vote-card-engagement = 👍 { $likes }   💬 { $comments } comments
vote-card-comment-line = 💬 { $name } (member { $number }): { $text }
vote-card-how = Press a button below to vote; you may change it until the close. Or send /vote { $number } for (or against, abstain).
vote-card-you-voted = You have voted. To change your vote before the close, press a button again; the latest counts.
vote-card-not-elector = You are not on this vote's list of voters; you may read it and comment.
vote-card-button-like = 👍 { $likes }
vote-card-button-comment = 💬 Comment

vote-ballot-invite =
    { $card }
vote-ballot-usage =
    To vote: /vote <vote number> for (or against, abstain, or the option's number), e.g. /vote 3 for
    To see a vote: /vote <vote number>; the village's votes: /votes
vote-ballot-cast =
    ✅ Your vote on vote { $number } “{ $title }” is recorded: { $choice }
    Receipt: { $receipt }
    Keep the receipt: after the close you can find it in the published list of receipts. You may change your vote until the close; the latest counts.
vote-ballot-changed =
    ✅ Vote changed: vote { $number } “{ $title }” is now: { $choice }
    Your earlier vote is replaced; this one counts. New receipt: { $receipt }
    You may still change it until the close.
vote-ballot-cast-short = Vote { $number }: recorded

vote-list-empty = The village has no votes yet.
vote-list-title = 🗳 The village's votes (turnout only; the counts are published at the close):
vote-list-open-line = No. { $number } { $title }: open, { $turnout } of { $size } voted, closes { $closes }
vote-list-closed-line = No. { $number } { $title }: closed, { $turnout } of { $size } voted
vote-list-how = To see one or vote: /vote <vote number>

vote-comment-ask = Send your comment on vote { $number } (within { $minutes } minutes; /cancel to stop):
vote-comment-added = 💬 Your comment on vote { $number } is posted. /vote { $number } shows everyone's comments.
vote-comment-expired = The question for your comment on vote { $number } is more than { $minutes } minutes old and was dropped. Press “Comment” again to say it.
vote-comment-cancelled = Cancelled; no comment was posted.
vote-comment-usage = To comment: /votecomment <vote number> <your comment>, e.g. /votecomment 3 I agree, but the fine is too high
vote-comment-liked = 👍 Liked ({ $likes } likes)
vote-comment-unliked = Like taken back ({ $likes } likes)

vote-proxy-usage = Proxy vote: /proxyvote <vote number> <member number> for (or against, abstain), e.g. /proxyvote 3 12 for. Only for villagers without a phone; their own later vote replaces it.
vote-proxy-recorded =
    ✅ Recorded for member { $member } on vote { $number } “{ $title }”: { $choice }
    Receipt: { $receipt } (please pass it on)
    Their own later vote replaces this one.
vote-proxy-notice =
    📋 { $name } (member { $number }) recorded your vote on vote { $vote } “{ $title }”: { $meaning ->
        [FOR] for
        [AGAINST] against
       *[ABSTAIN] abstain
    }.
    If that is not what you want, vote yourself before the close and yours replaces it: send /vote { $vote }
vote-proxy-notice-labelled =
    📋 { $name } (member { $number }) recorded your vote on vote { $vote } “{ $title }”: { $label }.
    If that is not what you want, vote yourself before the close and yours replaces it: send /vote { $vote }

## Volunteers: the call (/recruit) and joining

call-launch-started = Let's call for volunteers, one question at a time. Send /cancel at any point to stop.
call-launch-usage = For a quick call, write one shift: how many people, the place, the day and the time, e.g. /recruit 15 east gate today 18:00-22:00 (add “urgent” in front for an urgent call). Or send /recruit alone to be asked step by step.
call-launch-expired = That call draft waited too long and was dropped. Send /recruit to start again.
call-launch-none = There is no call draft waiting. Send /recruit to start one.
call-launch-cancelled = The call was not sent.
call-launch-ask-title = First: what is the call about? (One line, e.g. Epidemic checkpoint at the east gate)
call-launch-ask-description = What should volunteers know (what to bring, whom to ask)? Or press “Skip”.
call-launch-ask-shifts = Now the shifts, one per message: the place, the day, the time and how many people, e.g. east gate today 18:00-22:00 15
call-launch-ask-more-shifts = { $count ->
    [one] One shift so far.
   *[other] { $count } shifts so far.
    } Send the next one the same way, or press “Done”.
call-launch-ask-points = How many points per hour worked? 2 by default (the supervisor's score then adjusts them).
call-launch-ask-audience = Whom do we ask?
call-launch-ask-closes = Until when can people sign up? By default until the first shift starts; or write a time, e.g. 17:30 or tomorrow 8:00.
call-launch-ask-urgency = Is it urgent? An urgent call reaches people in the quiet hours too.
call-choice-description-skip = Skip
call-choice-shifts-done = Done
call-choice-points-default = 2 per hour
call-choice-points-5 = 5 per hour
call-choice-points-10 = 10 per hour
call-choice-audience-members = Every member
call-choice-audience-volunteers = Volunteers only
call-choice-closes-default = Until the start
call-choice-urgency-normal = Not urgent
call-choice-urgency-urgent = Urgent
call-choice-urgency-paid = Urgent, paid broadcast
call-choice-confirm-send = Send the call
call-choice-confirm-cancel = Cancel
call-quick-title = Volunteers wanted: { $place }
call-preview-shift = { $position }. { $place }, { $time }, { $capacity } people
call-preview-closes-at-start = when the first shift starts
call-preview =
    🙋 Please check the call: { $title }
    { $description }
    Shifts:
    { $shifts }
    Points: { $points } per hour
    Asked: { $audience ->
        [volunteers] volunteers only
       *[members] every member
    } ({ $recipients } people)
    Sign-up until { $closes }
    { $urgency ->
        [paid] Urgent, as a paid broadcast: it reaches everyone within seconds and costs { $cost } Stars from the village's budget.
        [urgent] Urgent: it reaches people in the quiet hours too.
       *[normal] Not urgent.
    }
call-launch-done = Call { $number } is on its way to { $recipients } people. I will keep you posted here on how many got it and how the shifts fill.
call-launch-done-quiet = Call { $number } waits for the end of the village's quiet hours: it goes to { $recipients } people at { $at }.
shift-join-confirmed = ✅ You are signed up for call { $call }, shift { $shift }: { $place }, { $time }. I will remind you before it starts.
shift-join-waitlisted = The shift is full. You are number { $place_in_line } on the waiting list for call { $call }, shift { $shift } ({ $place }, { $time }); if a seat frees up, I will tell you.
shift-join-already-confirmed = You are already signed up for call { $call }, shift { $shift }: { $place }, { $time }.
shift-join-already-waitlisted = You are already on the waiting list for call { $call }, shift { $shift }, number { $place_in_line }.
shift-join-usage = Write the call's number and the shift's number, e.g. /join_shift 3.2 (call 3, shift 2), or just press the shift's button on the call.
shift-join-reply-unread = To join, reply with the shift's number (1 to { $shifts }), or press its button.
shift-promoted = 🎉 A seat freed up: you are now signed up for call { $call }, shift { $shift }: { $place }, { $time }.
shift-cancelled = You are off call { $call }, shift { $shift } ({ $place }, { $time }).
shift-cancel-usage = Write the call's number and the shift's number, e.g. /cancel_shift 3.2, or use /myshifts.
calls-usage = /calls on: tell me about volunteer calls · /calls volunteer: also calls for volunteers only · /calls off: no calls
calls-set-on = You will hear of volunteer calls.
calls-set-volunteer = You are on the volunteer list: you will hear of every call, those for volunteers only too.
calls-set-off = You will hear of no volunteer calls. /calls on to hear of them again.
error-call-shift-unread = { $missing ->
    [time] I cannot find the time in that shift. Write it like 18:00-22:00.
    [capacity] How many people does that shift need? Add a number, e.g. 15.
    [capacity-range] A shift takes 1 to { $max } people.
    [place] Where is that shift? Add the place, e.g. east gate.
   *[shift] Send at least one shift first: the place, the day, the time and how many people.
    }
error-call-time-unread = I cannot read that time. Write e.g. 17:30 or tomorrow 8:00.
error-call-points-invalid = Write the points per hour as a number from 0 to { $max }.
command-recruit = Call for volunteers (cadres)
command-myshifts = My volunteer shifts: cancel, check in, check out
command-join_shift = Join a volunteer shift, e.g. /join_shift 3.2
command-cancel_shift = Leave a volunteer shift, e.g. /cancel_shift 3.2
command-calls = Volunteer calls: on, volunteer or off

## Volunteers: shifts, attendance and supervision

myshifts-none = You have no volunteer shifts coming up. When a call comes, press a shift's button to join.
myshifts-title = 🙋 Your volunteer shifts:
myshifts-line = { $call }.{ $shift } { $place }, { $time } — { $status ->
    [waiting] waiting list, number { $place_in_line }
    [in] checked in
    [out] checked out, thank you
   *[seat] signed up
    }
shift-button-check-in = Check in { $ref }
shift-button-check-out = Check out { $ref }
shift-button-cancel = Cancel { $ref }
shift-button-absent = #{ $number } absent
shift-checked-in = { $others ->
    [yes] Checked in member { $number } { $name } at { $at }: call { $call }, shift { $shift }.
   *[no] ✅ Checked in at { $at }: { $place }, { $time }. Check out when you leave.
    }
shift-checked-in-already = { $others ->
    [yes] Member { $number } { $name } was already checked in, at { $at }.
   *[no] You were already checked in, at { $at }.
    }
shift-checked-out = { $others ->
    [yes] Checked out member { $number } { $name } at { $at }: call { $call }, shift { $shift }.
   *[no] 👋 Checked out at { $at }. Thank you for your time! Your points come after the supervisor's review.
    }
shift-checked-out-already = { $others ->
    [yes] Member { $number } { $name } was already checked out, at { $at }.
   *[no] You were already checked out, at { $at }.
    }
shift-checked-in-by-supervisor = The supervisor checked you in for call { $call }, shift { $shift }: { $place }, { $time }.
shift-checked-out-by-supervisor = The supervisor checked you out of call { $call }, shift { $shift }: { $place }, { $time }.
shift-check-usage = Write the call's and the shift's number, e.g. /{ $command } 3.2; a supervisor adds the member's number for someone without a phone: /{ $command } 3.2 12
shift-usage = Write the call's and the shift's number, e.g. /shift 3.2
shift-volunteers-title = Call { $call }, shift { $shift }: { $place }, { $time } — { $taken }/{ $capacity } signed up
shift-volunteers-none = Nobody has signed up yet.
shift-volunteer-line = #{ $number } { $name } — { $state ->
    [absent] absent
    [in] checked in
    [out] checked out
   *[none] not checked in
    }{ $score ->
    [0] {""}
   *[other] , score { $score }
    }
shift-volunteers-hint = Score with the buttons (1–5), or /score { $ref } <member> <1-5|absent>. Check in someone without a phone: /checkin { $ref } <member>.
shift-scored = Member { $number } { $name }: score { $score } for shift { $ref }.
shift-marked-absent = Member { $number } { $name } marked absent for shift { $ref }.
shift-score-usage = Write e.g. /score 3.2 12 5 (call 3, shift 2, member 12, score 5), or /score 3.2 12 absent
shift-rate-usage = Rate a shift from 1 to 5 stars, e.g. /rateshift 3.2 5
shift-rated = Thank you: { $stars } stars for { $place }, { $time }.
shift-report-usage = Report a volunteer's misconduct under your own name: /reportshift 3.2 <member> <what happened>
shift-reported = Your report { $id } about call { $call }, shift { $shift } went to the secretary, with your name.
shift-report-notice = ⚠️ Report { $id } on call { $call }, shift { $shift } ({ $place }, { $time }): { $reason }
    Uphold with /report_ok { $id } [points], or dismiss with /report_no { $id }.
shift-report-decide-usage = Write e.g. /report_ok 4 5 (uphold report 4, 5 points deducted) or /report_no 4
shift-report-decided = Report { $id } { $upheld ->
    [yes] upheld: { $points } points deducted{ $late ->
        [yes] . The shift's points were already proposed, so the deduction goes to review on its own.
       *[no] {"."}
    }
   *[no] dismissed.
    }
shift-report-decided-notice = Report { $id } on call { $call }, shift { $shift } ({ $title }) was { $upheld ->
    [yes] upheld: { $points } points deducted from the volunteer's award.
   *[no] dismissed.
    }
command-shift = A shift's volunteers: scores and no-shows (supervisors)
command-score = Score a volunteer, e.g. /score 3.2 12 5 (supervisors)
command-checkin = Check in to a shift, e.g. /checkin 3.2
command-checkout = Check out of a shift, e.g. /checkout 3.2
command-rateshift = Rate a volunteer shift 1–5
command-reportshift = Report a volunteer's misconduct by name
command-report_ok = Uphold a report on a volunteer (secretary)
command-report_no = Dismiss a report on a volunteer (secretary)
## Volunteers

error-call-title-invalid = A call needs a title, and it may not start with /.
error-call-description-invalid = A call's description may not start with /.
error-call-shift-invalid = Shift { $position } needs a place (at most 60 characters).
error-call-shift-time-invalid = Shift { $position } has the wrong time: it must start within the next 60 days, end after it starts, and last at most 24 hours.
error-call-shift-capacity-invalid = Shift { $position } needs 1 to { $max } people.
error-call-shifts-too-many = A call has at most { $max } shifts.
error-call-signup-close-invalid = Sign-ups must close after now and no later than the first shift starts.
error-call-supervisor-not-cadre = Member { $number } is not an active cadre or secretary of the village, so cannot supervise a shift.
error-call-paid-not-enabled = A paid broadcast is only for urgent calls, in a village that has turned it on.
error-call-paid-over-budget = A paid broadcast would cost { $cost } Stars; the village has { $left } Stars left in its budget. Send it normally, or ask the secretary to raise the budget.

call-card-title = 📣 Volunteers wanted, call { $number }: { $title }
call-card-title-urgent = 🔴 Urgent: volunteers wanted, call { $number }: { $title }
call-card-shift = { $position }. { $place }  { $time }  { $taken }/{ $capacity } signed up
call-card-shift-full = { $position }. { $place }  { $time }  full, { $taken }/{ $capacity } (waiting list open)
call-card-points = { $points } points for each hour worked
call-card-closes = Sign-ups close: { $closes }
call-card-how-member = Tap a shift's button below to sign up.
call-card-how-group = Tap a shift's button below to sign up; the bot tells you the result in private.
call-card-preview-how = This is what villagers will see.
call-card-closed = Sign-ups are closed.
call-button-join = Join { $position }. { $place }
call-button-waitlist = Wait for { $position }. { $place } (full)
call-button-check-in = ✅ I'm here: check in

call-progress = 📤 Sending call { $number }: { $sent } delivered, { $failed } failed, of { $total }.
call-progress-done = ✅ Call { $number } is sent: { $sent } delivered, { $failed } failed, of { $total }. (Those that failed have usually never opened the bot.)
call-progress-deferred = 🌙 It is the village's quiet hours: call { $number } goes to { $total } villagers at { $at }.
call-progress-shifts = Sign-ups per shift:
call-progress-shift = { $position }. { $place }: { $taken }/{ $capacity }
call-progress-shift-full = { $position }. { $place }: { $taken }/{ $capacity }, full ({ $duration } after it was sent)
call-duration = { $hours ->
    [0] { $minutes } min
   *[other] { $hours } h { $minutes } min
}

call-shift-reminder =
    ⏰ Reminder: you signed up for shift { $position } of call { $number }, "{ $title }",
    { $time } at { $place }.
    When you get there, tap "Check in" below.
shift-done = Scoring of shift { $ref } is closed: proposal { $batch } with { $count } volunteers' points went to review.
shift-done-already = The points of shift { $ref } were already proposed.
shift-done-nothing = Scoring of shift { $ref } is closed; nobody earned or lost points, so there is nothing to review.
shift-awards-proposed = 🙋 Volunteer points to review: proposal { $batch }, call { $call } “{ $title }”, shift { $shift }, { $count } volunteers (hours × points per hour, adjusted by the supervisor's score).
command-shiftdone = Scoring done after a shift: its points go to review (supervisors)
settings-show-volunteers =
    Volunteer calls:
    Quiet hours (calls that are not urgent wait): { $quiet ->
        [off] none
       *[other] { $quiet }
    }
    Reminder before a shift: { $reminder } minutes
    A no-show costs { $noshow } points
    Urgent calls as paid broadcasts: { $paid ->
        [on] on, budget { $budget } Stars, { $spent } spent
       *[off] off
    }
    Change: /settings quiet 22:00-07:00 (or off) · /settings reminder 60 · /settings noshow -5 · /settings paid 100 (Stars in all, or off)
settings-volunteers-set = Saved. /settings shows the village's settings.
error-call-paid-budget-below-spent = Paid calls have already used { $spent } Stars: the budget cannot be lower than that.
calls-now-on = You hear of volunteer calls.
calls-now-volunteer = You are on the volunteer list: you hear of every call.
calls-now-off = You hear of no volunteer calls.
calls-none-open = No call is taking sign-ups right now.
shift-report-deduction-proposed = Points to review: proposal { $batch }, { $points } points for member { $number }, from report { $id } upheld after the shift's points were proposed.

## Household QR
command-qr = My household's door-sign QR code (scan it to see the household's points)
household-qr-coming = Your door-sign QR code for { $household } is on its way. Anyone who scans it sees your household's points and rank.
household-qr-caption = { $household } (household No. { $number }) · { $village }
    Scan to see this household's points
household-qr-print-coming = Making { $village }'s door signs, one page per household. They come as a PDF file, ready to print.
household-qr-print-caption = { $village }'s door signs: { $count } households, one A4 page each. Open the PDF and print.
household-qr-sheet-title = { $village } door signs
household-qr-sheet-number = Household No. { $number }
household-qr-sheet-hint = Scan with a phone camera to see this household's points in Telegram
household-qr-forged = This QR code was not made by the village, or it was not read in full. Try scanning again, or ask a village cadre for a new sign.
household-qr-revoked = This door sign has been cancelled (it was lost and replaced). Scan the new sign on the door, or ask a village cadre.
household-qr-outsider = This is a door sign of { $village }. Only villagers of { $village } can see the household's points.
household-qr-card-title = 🏠 { $household } · { $village }
household-qr-card-members = Members ({ $count }): { $names }
household-qr-card-separator = { ", " }
household-qr-card-points = Household points: { $total }  { $stars }
household-qr-card-rank = Rank in the village: household { $rank } of { $count }
household-qr-card-recent = Latest entries:
household-qr-card-entry = { $date } { $amount } { $reason }
household-qr-card-no-entries = This household has no points entries yet.
household-qr-revoked-done = The old door sign of { $household } (household No. { $number }) is cancelled: scanning it is refused. Send /qr print for the new signs.
household-qr-usage =
    Usage:
    /qr  your household's door-sign QR code
    /qr print  every household's sign, ready to print (secretary)
    /qr revoke <household number>  cancel a lost sign (secretary)
error-household-qr-no-household = You have no household registered, so there is no door sign for you.
error-household-qr-household-not-found = The village has no household No. { $number }. The number is on the sign; /qr print lists them.
## Credit

command-credit = My credit score, star level and loan discount
command-negative = The negative list: /negative add number points reason, or /negative remove id
error-credit-negative-invalid = The points must be 1 to { $points } and a reason is needed, at most { $max } characters. For example: /negative add 7 100 repeated disruptive petitions
error-credit-negative-not-found = The negative list has no entry { $id } (or it was removed already).
error-credit-loan-invalid = Those loan table numbers do not work: points per step 1 to 100000, at most 10 percentage points a step, a cap of at most 100, the top share 0 to 100 percent.
credit-title = { $name } (No. { $number }) · { $village }
    Credit score: { $total } of 1000  { $stars }
credit-rank = Place { $rank } of { $among } in the village. The score is these five added up (each out of 200), minus the negative list:
credit-activity = · Taking part { $score }: in the last year { $talk } talk items, { $comments } comments, { $votes } votes, { $shifts } volunteer shifts.
credit-fulfilment = · Keeping your word { $score }: in the last year you promised { $promised } shifts and tasks and kept { $kept } on time.
credit-fulfilment-none = · Keeping your word { $score }: you have not promised anything yet, so this is the middle.
credit-identity = · Who you are { $score }: { $named ->
        [yes] real name given
       *[no] no real name
    }, { $household ->
        [yes] household given
       *[no] no household
    }, { $days } days in the village (full marks after a year).
credit-behaviour = · Following the rules { $score }: in the last year { $deducted } points deducted, { $noshows } no-shows, { $reports } reports upheld.
credit-social = · What others say { $score }: rated { $count } times, { $average } stars on average.
credit-social-none = · What others say { $score }: nobody has rated you yet, so this is the middle.
credit-negative = · Negative list: minus { $points }.
credit-negative-entry = Entry { $id }, minus { $points }: { $reason } ({ $date })
credit-household = { $household }: { $points } household points, so the loan rate is { $off } percentage points lower (every { $step } points { $per } lower, at most { $cap }).
credit-eligible = Your household is { $rank } of { $among }, within the top { $top }%: it may ask the bank for a credit line.
credit-not-eligible = Your household is { $rank } of { $among }; the top { $top }% may ask the bank for a credit line.
credit-no-household = You have not given a household yet. Loan discounts go by household points.
credit-usage = Send /credit for your own credit score. The secretary may send /credit number for a member's, and /credit export for the households eligible for a credit line.
credit-export-coming = Making the list of households eligible for a credit line; it comes as a spreadsheet file in a moment.
credit-csv-header = Rank,Household number,Household,Household points,Rate discount (percentage points),Members
credit-csv-caption = Households of { $village } eligible for a credit line (top { $top }%): { $count }.
credit-negative-usage = Usage: /negative add number points reason (for example /negative add 7 100 repeated disruptive petitions); /negative remove id takes an entry off.
credit-negative-added = Member { $number } is on the negative list (entry { $id }), minus { $points } credit points. They have been told.
credit-negative-removed = Entry { $id } (member { $number }) is off the negative list. They have been told.
credit-notice-negative-added = You have been put on the village's negative list (entry { $id }): your credit score is { $points } lower. Send /credit to see the reason and your score.
credit-notice-negative-removed = Entry { $id } of the negative list about you has been removed: your credit score is { $points } higher again.
settings-show-loan = Loan table: every { $step } household points lower the rate by { $per } percentage points, at most { $cap }; the top { $top }% of households may ask for a credit line.
settings-loan-set = Loan table updated: every { $step } household points lower the rate by { $per } percentage points, at most { $cap }; the top { $top }% of households may ask for a credit line.
settings-loan-usage = Usage: /settings loan step=100 off=0.1 cap=1 top=20 (any of them; in Chinese: 贷款 每= 降= 最多= 前=)
## Points shop

error-shop-usage =
    The points shop:
    /shop — the shelf, with a button to redeem each item
    /shop add <price> <stock> <name> — put an item on the shelf (shopkeeper, secretary), e.g. /shop add 30 10 Rice 5 jin
    /shop edit <n> price=<p> stock=<s> [new name] — change it
    /shop remove <n> — take it off the shelf
error-shop-price-invalid = The price must be a whole number of points from 1 to { $max }.
error-shop-stock-invalid = The stock must be a whole number from 0 to { $max }.
error-shop-name-invalid = The item's name cannot be empty and has at most { $max } characters.
error-shop-item-not-found = There is no item { $number } on the shelf. Send /shop to see what there is.
error-shop-out-of-stock = Sorry, “{ $name }” is out of stock.
error-shop-insufficient-points = Not enough points: “{ $name }” costs { $price }, and you have { $available } available (points held by your reservations do not count).
error-shop-code-unknown = This redemption code is unknown: mistyped, or not from this village.
error-shop-already-handed-over = This code has been used: the goods were already handed over, so it cannot be redeemed again.
error-shop-reservation-expired = This code has expired; its points and the item were released.
error-shop-reservation-cancelled = This code was cancelled by its member.
error-shop-not-yours = This redemption is not yours to cancel.
error-shop-not-shopkeeper = This code is for the village shopkeeper to scan and confirm the hand-over.
shop-title = 🛒 { $village } points shop — you have { $available } points available
shop-empty = The shelf is empty for now.
shop-item-line = { $number }. { $name } — { $price } points, { $stock } left
shop-button-redeem = Redeem { $number }. { $name } ({ $price } points)
shop-added = On the shelf: { $line }
shop-edited = Changed: { $line }
shop-removed = Taken off the shelf: { $number }. { $name }. Reservations already made can still be handed over.
shop-reserved-short = “{ $name }” is reserved for you
shop-reserved =
    ✅ Reserved for you: { $name } ({ $price } points).
    Redemption code: { $code }
    Bring it to the village shop before { $until }: the shopkeeper scans the QR code that follows (or opens the link below, or sends /redeem { $code }) and confirms the hand-over.
    The points are debited only when you get the goods; if you do not come, points and item are released. /myorders shows or cancels it.
shop-button-link = 🔗 Redemption link (for the shopkeeper)
shop-redeem-usage = Usage: /redeem <code> (for the shopkeeper; opening the member's link works too)
shop-code-for = Redemption code: { $name } ({ $price } points), for { $member } (member { $number }, { $household }).
shop-code-valid =
    Valid code: { $name } ({ $price } points)
    For: { $member } (member { $number }, { $household })
    Valid until { $until }. Hand the goods over, then press “Handed over”.
shop-button-fulfil = ✅ Handed over
shop-fulfilled = Handed over: { $name }; { $price } points debited in the ledger (entry { $sequence }).
shop-notice-fulfilled = 🛒 You collected “{ $name }”: points -{ $price }, recorded in the village points ledger as entry { $sequence } (fingerprint { $hash }).
shop-notice-expired = ⌛ Your reservation of “{ $name }” was not collected in time: the { $price } points and the item are released.
shop-myorders-title = 🧾 Your reservations (show the code at the village shop to collect):
shop-myorders-line = • { $name } ({ $price } points), code { $code }, valid until { $until }
shop-myorders-empty = You have no reservations. Send /shop to see the shelf.
shop-button-cancel = Cancel: { $name }
shop-cancelled = Cancelled “{ $name }”; { $price } points and the item are released.
shop-points-reserved = Of these, { $reserved } are held for your points-shop reservations; { $available } available.
shop-qr-caption = 🛒 Redemption QR: { $name } ({ $price } points), code { $code }, valid until { $until }. Let the shopkeeper scan it at the village shop.
command-shop = Points shop: browse and redeem; shopkeepers add, edit, remove items
command-myorders = My reservations in the points shop, to cancel
command-redeem = Shopkeeper: confirm a redemption code's hand-over
