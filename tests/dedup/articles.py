"""Articles written for these tests (fictional events), and copies of one of them made by hand:
exact, near, truncated, re-worded and translated, plus two other reports of the same event
that are not copies."""

from __future__ import annotations

ORIGINAL = """Water talks in Bishkek end without a deal

Delegations from Kyrgyzstan, Uzbekistan and Kazakhstan ended three days of talks in Bishkek on Thursday without agreeing on how to share the summer flow of the Naryn river. The Kyrgyz side wants compensation for storing water in the Toktogul reservoir through the winter, while its downstream neighbours want more water released during the cotton season.

"We came close on the volumes, but not on the money," the head of the Uzbek delegation told reporters after the final session. Officials said the negotiators had agreed to exchange daily data on reservoir levels for the first time, a step that engineers on both sides have requested for years.

A working group of hydrologists will meet in Tashkent next month to draft a schedule of releases for the coming season. The dispute has flared every summer since the Soviet system of swapping water for energy broke down in the 1990s.

Farmers in the Fergana valley say the uncertainty forces them to plant less cotton and more wheat, which needs less water but earns less. Kazakhstan, which sits furthest downstream, asked for a guaranteed minimum flow into the Syr Darya during July and August.

The European Union and the World Bank have offered to pay for new measuring stations along the river. Diplomats expect the ministers to return to the issue at a regional summit planned for the autumn.
"""

# The same words in the same order; only case and punctuation differ (ingest keeps both).
EXACT = (
    ORIGINAL.replace("in Bishkek on Thursday", "in Bishkek, on Thursday,")
    .replace("The European Union", "The EUROPEAN UNION")
    .replace("data on reservoir levels", "data on reservoir-levels")
)

# Small edits: a date word, a number and one clause changed.
NEAR = (
    ORIGINAL.replace("on Thursday", "on Friday")
    .replace("next month", "in two weeks")
    .replace(
        "a step that engineers on both sides have requested for years",
        "a step engineers have long requested",
    )
)

# A teaser page: the headline and the first three paragraphs.
TRUNCATED = "\n\n".join(ORIGINAL.split("\n\n")[:4]) + "\n"

REWORDED = """No agreement as Bishkek water negotiations close

Three days of negotiations in the Kyrgyz capital between Kyrgyzstan, Uzbekistan and Kazakhstan finished on Thursday with no deal on dividing the Naryn river's summer flow. Bishkek is asking to be paid for keeping water in the Toktogul reservoir over the winter, whereas the countries downstream are demanding bigger releases while cotton is grown.

"On the volumes we were nearly there, on the money we were not," the Uzbek delegation's leader said to journalists once the last session was over. According to officials, the two sides settled for the first time on sharing reservoir level figures every day, something engineers from both countries have long asked for.

Next month a group of hydrology experts is to gather in Tashkent and prepare a release timetable for the new season. Every summer since the collapse of the Soviet water-for-energy swap in the 1990s, the quarrel has flared up again.

Growers in the Fergana valley complain that not knowing forces them to sow less cotton and more wheat, a crop that uses less water but brings in less money. Kazakhstan, the furthest downstream, demanded an assured minimum flow into the Syr Darya in July and August.

Funding for new river gauging stations has been offered by the World Bank and the European Union. Diplomats think ministers will take the matter up again at a regional summit scheduled for the autumn.
"""

TRANSLATED = """Переговоры о воде в Бишкеке завершились без соглашения

Делегации Киргизии, Узбекистана и Казахстана в четверг завершили трёхдневные переговоры в Бишкеке, так и не договорившись о том, как делить летний сток реки Нарын. Киргизская сторона хочет получить компенсацию за то, что зимой накапливает воду в Токтогульском водохранилище, а соседи ниже по течению хотят, чтобы в сезон хлопка сбрасывалось больше воды.

«По объёмам мы почти договорились, а по деньгам нет», — сказал журналистам глава узбекской делегации после заключительного заседания. По словам официальных лиц, участники переговоров впервые договорились ежедневно обмениваться данными об уровне водохранилищ, о чём инженеры обеих сторон просили много лет.

Рабочая группа гидрологов соберётся в Ташкенте в следующем месяце, чтобы подготовить график сбросов на предстоящий сезон. Спор вспыхивает каждое лето с тех пор, как в 1990-х годах распалась советская система обмена воды на энергию.

Фермеры Ферганской долины говорят, что из-за неопределённости им приходится сеять меньше хлопка и больше пшеницы, которой нужно меньше воды, но которая приносит меньше дохода. Казахстан, расположенный ниже всех по течению, попросил гарантировать минимальный сток в Сырдарью в июле и августе.

Европейский союз и Всемирный банк предложили оплатить новые гидрологические посты вдоль реки. Дипломаты ожидают, что министры вернутся к этому вопросу на региональном саммите, запланированном на осень.
"""

# Other reports of the same talks: same event, names and facts, but written independently.
SAME_EVENT_1 = """Central Asian neighbours fail to settle river dispute

BISHKEK - A round of water negotiations between three Central Asian states broke up on Thursday, leaving farmers downstream facing another summer of uncertainty. The talks, hosted by the Kyrgyz energy ministry, focused on the Toktogul reservoir, the largest in the region.

Kyrgyzstan generates most of its electricity from the dam and prefers to release water in winter, when demand for power peaks. Uzbek and Kazakh farmers need the water in summer, and their governments accuse Bishkek of holding it back.

An Uzbek negotiator said the money question remained the main obstacle. Analysts at a think tank in Almaty said the countries had made similar promises in 2018 and 2021 without result.

Prices for cotton have risen this year, raising the stakes for Uzbekistan's farms. The next round is expected in Tashkent.
"""

SAME_EVENT_2 = """Kazakhstan presses for guaranteed Syr Darya flow after Bishkek meeting

ASTANA - Kazakhstan's water resources ministry said on Friday it would keep pressing its upstream neighbours for a minimum summer flow in the Syr Darya. The statement followed a meeting in Bishkek where Kyrgyz, Uzbek and Kazakh officials discussed releases from the Toktogul reservoir.

The ministry said southern Kazakh districts had lost part of their rice harvest last year because of low water. It welcomed a plan to share reservoir data daily but said data alone would not save crops.

Kazakh farmers' unions have asked the government to raise the issue with international lenders. The ministry said it would send engineers to the working group meeting in Tashkent.
"""

COPIES = {
    "exact": EXACT,
    "near": NEAR,
    "contains": TRUNCATED,
    "rewrite": REWORDED,
    "translation": TRANSLATED,
}
