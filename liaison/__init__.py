"""Liaison between the committee and enterprises.

Glossary: officer — a service commissioner (服务专员) or the red-leader secretary (红领书记);
assignment (包联): which officer serves which enterprise or park, from when to when; visit (走访);
case (诉求): an enterprise's problem, followed from registration to closure; joint meeting
(联席会议) and its decisions (议定事项), followed up by supervision (督办).
"""
