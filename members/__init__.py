"""People and the party roster.

Glossary (one English name per domain word):
- member (党员): a person on the roster, probationary (预备党员) or full (正式党员).
- category (人员类别): probationary or full.
- admission date (入党日期): the branch general meeting that admitted the member.
- full-membership date (转正日期): the date probation ended with conversion.
- status (党籍状态): active, mobile (流动党员), transferred out, deceased, lapsed, expelled.
- source (进入支部方式): developed here (发展), transferred in (转入), restored (恢复党籍).
- application (入党申请): a person's path through the 25 development steps.
- dues (党费), transfer (组织关系转接), mobile member (流动党员).
"""
