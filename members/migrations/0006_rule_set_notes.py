"""Say plainly what each rule set rests on. The May-2026 revision's text has not been obtained,
so its parameters still repeat the 2014 version: its note lists, article by article, every
requirement that is not yet confirmed, and it is marked unconfirmed until staff have checked
the official text (no change of the revision is modelled without a source)."""

from django.db import migrations

NOTE_2014 = (
    "2014年版《中国共产党发展党员工作细则》（中共中央办公厅2014年6月印发）。本系统的各项参数"
    "按其条文设定；公示的工作日数（5个工作日）、政治审查的有效期（1年）和预审后召开支部大会的"
    "期限（1个月）为本系统采用的通行做法，可按规则集调整。"
)

NOTE_2026 = (
    "2026年5月修订版。修订后的正式文本尚未取得，本规则集的全部参数暂与2014年版相同；在逐条"
    "核对之前，下列要求均尚未核实（条文序号按2014年版）：\n"
    "1. 第五条：申请入党须年满十八周岁；\n"
    "2. 第二章中收到入党申请书后一个月内派人谈话、指定一至两名正式党员作培养联系人、每半年对"
    "入党积极分子考察一次的规定；\n"
    "3. 第十三条：经过一年以上培养教育和考察方可列为发展对象；列为发展对象并报上级党委备案前的"
    "公示（本系统要求不少于5个工作日）及其表述；\n"
    "4. 第三章中两名正式党员作入党介绍人和政治审查的规定（政治审查1年内有效为本系统采用的"
    "通行做法）；\n"
    "5. 第十七条：集中培训一般不少于三天（或不少于二十四个学时）；\n"
    "6. 第十九条：基层党委预审，发展对象三个月内将离开工作、学习单位的一般不办理接收手续"
    "（预审后1个月内召开支部大会为本系统采用的通行做法）；\n"
    "7. 第二十条：讨论接收预备党员的支部大会的到会人数要求，以及支部大会前是否须公示（本版本"
    "暂不要求公示）；\n"
    "8. 第四章中基层党委在三个月内审批接收预备党员的规定；\n"
    "9. 第三十二条：预备期一年，自支部大会通过之日起计算；可延长一次，不少于半年，最长不超过"
    "一年；\n"
    "10. 第三十三条：讨论预备党员转正的支部大会的要求，以及转正前的公示（本系统要求不少于"
    "5个工作日）；\n"
    "11. 第五章中上级党组织在三个月内审批转正决议的规定。\n"
    "取得修订后的正式文本后，应逐条核对，通过数据迁移修改有变化的参数，并将“条文已核实”设为是、"
    "更新本说明。"
)
OLD_NOTES = {
    "2014": "The 2014 rules of membership development.",
    "2026-05": (
        "Revision of May 2026; starts as a copy of the 2014 parameters until the revised text "
        "is confirmed."
    ),
}


def write_notes(apps, schema_editor):  # type: ignore[no-untyped-def]
    RuleSet = apps.get_model("members", "RuleSet")
    RuleSet.objects.filter(code="2014").update(version_note=NOTE_2014, text_confirmed=True)
    RuleSet.objects.filter(code="2026-05").update(version_note=NOTE_2026, text_confirmed=False)


def restore_notes(apps, schema_editor):  # type: ignore[no-untyped-def]
    RuleSet = apps.get_model("members", "RuleSet")
    for code, note in OLD_NOTES.items():
        RuleSet.objects.filter(code=code).update(version_note=note, text_confirmed=True)


class Migration(migrations.Migration):
    dependencies = [("members", "0005_step_corrections_and_votes")]

    operations = [migrations.RunPython(write_notes, restore_notes)]
