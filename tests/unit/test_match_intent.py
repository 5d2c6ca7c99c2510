"""An enterprise describing its problem in everyday words is matchmaking (issue 14), whatever the words:
"we need" is one form, "our X keeps failing, any help?", "我们厂……有什么技术", "looking for something to
replace Y" are others. Questions about policies, rights, events or a university's own listings are not,
though they speak of "we" too. The phrasings here were written for these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat.intents import plan_question

TODAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    "text",
    [
        "我们厂的注塑件老是缩痕，有什么技术能解决？",
        "我们公司冷轧线的板形控制不好，有没有合适的方案",
        "我们是做阀门的，密封面磨损快，有啥好工艺",
        "我司想引进一套废水零排放的工艺包",
        "我们单位的锅炉烟气脱硫不达标，有什么办法",
        "our boilers keep failing the SO2 limit, any ideas?",
        "our gearboxes run hot after a shift; is there a technology that helps?",
        "we're a foundry and want to automate fettling of castings",
        "we only get coke oven gas on site. how can we produce clean hydrogen from it?",
        "looking for an alternative to cyanide in our gold plating line",
        "need a sensor system that spots cracks in our conveyor belts",
        # the need told after the speaker's story, with no "we need"
        "I run a small IVD company, looking for sepsis rapid test tech",
        "family farm near Tieling here, searching for some greenhouse technology",
    ],
)
def test_a_stated_problem_is_a_need(text: str) -> None:
    assert plan_question(text, TODAY).intent == "match", text


@pytest.mark.parametrize(
    "text",
    [
        "我们和高校合作研发的工艺，专利归谁？",  # a question of rights (the regulations)
        "我们公司能申请哪些成果转化补贴？",  # a policy
        "我们的专利被别的厂仿冒侵权了，有什么办法？",  # rights
        "our patent is being infringed by a competitor, any help?",
        "我们想参加下个月的对接会，怎么办",  # an event
        "我们学校有什么成果挂在你们平台上吗",  # a university's own listings
        "we are a university: who owns an invention our staff made on the job?",
        "what subsidies can our company claim, any help?",
        "our team wants to attend the Dalian roadshow, is there a way to sign up?",
    ],
)
def test_we_is_not_enough(text: str) -> None:
    assert plan_question(text, TODAY).intent != "match", text


def test_the_enterprises_city_is_kept_as_a_slot_not_a_listing_filter() -> None:
    """'我们想在丹东建个……' says where the enterprise is: the need is matched over every city (the
    matcher ranks a same-city technology a little higher), it is no listing of that city's technologies."""
    plan = plan_question("我们想在丹东建个海水淡化厂，有相关技术吗", TODAY)
    assert plan.intent == "match" and plan.city == "dandong"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("有没有公司在找碳纤维复合材料的技术", "demands"),  # other enterprises looking: their demands
        ("哪家企业想找氢燃料电池方面的合作", "demands"),
        ("any firms looking for welding robots?", "demands"),
        ("我们企业在找碳纤维复合材料的技术", "match"),  # the speaker's own need
    ],
)
def test_who_is_looking_decides_between_demands_and_a_need(text: str, intent: str) -> None:
    assert plan_question(text, TODAY).intent == intent, text


def test_the_tax_on_a_licence_is_no_listing_of_licences() -> None:
    import datetime as dt

    from bot.chat.intents import plan_question

    today = dt.date(2026, 12, 6)
    assert plan_question("专利许可收入要交税吗", today).intent != "technologies"
    assert plan_question("do I pay tax on patent licensing income", today).intent != "technologies"
    assert plan_question("有哪些可以许可的技术", today).intent == "technologies"
