"""Red-team documents written for the metadata tests, in styles the dev corpus does not have.

Each case is ``(name, doc_id, raw text, expected DocumentMeta fields)``; the doc_id stands for
the file's path inside its corpus (``reports/hangzhou_2024``), as the reader would give it.
"""

from __future__ import annotations

PROVINCIAL_REPORT = """政府工作报告
——2024年1月23日在浙江省第十四届人民代表大会第二次会议上
浙江省省长  王浩
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员和其他列席人员提出意见。
一、2023年工作回顾
2023年是全面贯彻党的二十大精神的开局之年。全省生产总值增长6%左右，经济运行回升向好。
二、2024年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，城镇新增就业100万人以上。
"""

COUNTY_REPORT = """各位代表：
现在，我代表县人民政府，向大会报告工作，请予审议，并请县政协委员提出意见。
一、2022年工作回顾
过去一年，面对复杂严峻的形势，安吉上下坚定信心、真抓实干，经济社会发展取得新成效。
安吉生态旅游持续升温，安吉白茶品牌价值再创新高，全县生产总值增长4.2%。
二、2023年工作安排
做好今年工作，要以建设美丽安吉为目标，奋力推进高质量发展。
"""

STATE_COUNCIL_NOTICE = """国务院关于印发“十三五”国家信息化规划的通知
国发〔2016〕73号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
现将《“十三五”国家信息化规划》印发给你们，请认真贯彻执行。
国务院
2016年12月15日
（此件公开发布）
“十三五”国家信息化规划
一、发展现状与形势
“十二五”时期，我国信息化取得显著进展，信息基础设施建设加快，网民规模持续扩大。
"""

GOV_CN_PAGE = """索引号：
000014349/2016-00171
主题分类：
科技、教育\\科技
发文机关：
国务院
成文日期：
2016年07月28日
标题：
国务院关于印发“十三五”国家科技创新规划的通知
发文字号：
国发〔2016〕43号
发布日期：
2016年08月08日
国务院关于印发“十三五”国家科技创新规划的通知
国发〔2016〕43号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
现将《“十三五”国家科技创新规划》印发给你们，请认真贯彻执行。
国务院
2016年7月28日
"""

XINHUA_KICKER = """数字中国建设峰会在福州开幕——
数字经济成为高质量发展新引擎
新华社福州4月26日电（记者 张三 李四）第六届数字中国建设峰会26日在福州开幕，来自各地的代表齐聚一堂。
记者了解到，本届峰会发布了一批数字中国建设成果，涵盖数字政府、智慧城市等领域。
（责任编辑：王五）
"""

HONG_KONG_RELEASE = """智慧城市藍圖2.0公布
政府今日（十二月十五日）公布《香港智慧城市藍圖2.0》，提出超過130項措施，進一步推動香港智慧城市發展。
創新及科技局局長表示，特區政府會繼續推動數碼基建，為市民帶來更便利的生活。
完
2020年12月15日（星期二）
香港時間15時30分
"""

TAIPEI_RELEASE = """臺北市智慧城市成果亮眼 市府今公布112年度成果
發稿單位：臺北市政府資訊局
發稿日期：112年3月15日
臺北市政府今（15）日公布112年度智慧城市推動成果，市長蔣萬安表示，市府將持續以數據治理提升市民生活品質。
資訊局局長表示，今年將擴大智慧路燈及智慧停車建置，並與新北市、桃園市合作。
新聞聯絡人：資訊局 王小明 電話：1999轉1234
"""

SPEECH = """在全省数字政府建设推进会上的讲话
（2023年4月12日）
省委副书记、省长  李明华
同志们：
今天召开全省数字政府建设推进会，主要任务是总结工作、分析形势、部署任务。
一、充分肯定数字政府建设取得的成绩
过去一年，全省数字政府建设取得明显成效，一网通办水平不断提升。
谢谢大家！
"""

CONFERENCE_SUMMARY = """“2023智慧城市发展论坛”综述
2023年11月18日，由中国城市科学研究会主办的“2023智慧城市发展论坛”在深圳举行。
来自全国各地的200余位与会代表围绕数字孪生城市建设展开深入研讨。
论坛指出，智慧城市建设要坚持以人民为中心，推动城市治理体系和治理能力现代化。
"""

SPLIT_TITLE_REPORT = """2010年国务院政府工作报
告
各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。
一、2009年工作回顾
过去的一年，是新世纪以来我国经济发展最为困难的一年，我们有效应对国际金融危机。
"""

NPC_SESSION_REPORT = """各位代表：
现在，我代表国务院，向第十一届全国人民代表大会第三次会议报告政府工作，请予审议。
过去一年，我们有效应对国际金融危机的冲击，经济平稳较快发展。
"""

PATH_ONLY_CITY = """各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2023年工作回顾
过去一年，全市经济运行稳中有进，城市能级持续提升，民生福祉不断增进。
二、2024年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。
"""

CONFLICTING_PATH = """各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2009年工作回顾
过去一年，全市经济保持平稳较快增长。
"""

PKULAW_EXPORT = """    【法宝引证码】 CLI.12.123456
原文链接：https://www.pkulaw.com/lar/abc123.html
杭州市人民政府办公厅关于印发杭州市数字政府建设实施方案(2022—2025年)的通知
杭州市人民政府办公厅关于印发杭州市数字政府建设实施方案（2022-2025年）的通知
（杭政办函〔2022〕15号）
各区、县（市）人民政府，市政府各部门、各直属单位：
《杭州市数字政府建设实施方案（2022-2025年）》已经市政府同意，现印发给你们，请认真组织实施。
杭州市人民政府办公厅
2022年5月20日
"""

CASES = [
    ("provincial report", "gwr/zhejiang", PROVINCIAL_REPORT,
     {"kind": "gov_work_report", "year": 2024, "year_source": "explicit",
      "title": "2024年浙江省政府工作报告", "title_source": "constructed", "region": "mainland"}),
    ("county report without a title", "county/anji", COUNTY_REPORT,
     {"kind": "gov_work_report", "year": 2023, "year_source": "inferred",
      "title": "2023年安吉县政府工作报告", "title_source": "constructed"}),
    ("State Council notice", "policy/guofa_73", STATE_COUNCIL_NOTICE,
     {"kind": "policy", "year": 2016, "title_source": "text",
      "title": "国务院关于印发“十三五”国家信息化规划的通知"}),
    ("gov.cn page with its information table", "policy/gov_cn", GOV_CN_PAGE,
     {"kind": "policy", "year": 2016, "title_source": "text",
      "title": "国务院关于印发“十三五”国家科技创新规划的通知"}),
    ("Xinhua item with a kicker", "news/xinhua", XINHUA_KICKER,
     {"kind": "news", "title": "数字经济成为高质量发展新引擎",
      "subtitle": "数字中国建设峰会在福州开幕——", "region": "mainland"}),
    ("Hong Kong government release", "hk/release", HONG_KONG_RELEASE,
     {"kind": "press_release", "region": "hk", "year": 2020, "year_source": "explicit",
      "title": "智慧城市藍圖2.0公布"}),
    ("Taipei City release", "tw/taipei", TAIPEI_RELEASE,
     {"kind": "press_release", "region": "tw", "year": 2023, "year_source": "explicit",
      "title": "臺北市智慧城市成果亮眼 市府今公布112年度成果"}),
    ("speech transcript", "speech/province", SPEECH,
     {"kind": "speech", "year": 2023, "title": "在全省数字政府建设推进会上的讲话"}),
    ("conference summary", "summary/forum", CONFERENCE_SUMMARY,
     {"kind": "conference_summary", "year": 2023, "year_source": "explicit",
      "title": "“2023智慧城市发展论坛”综述"}),
    ("title split inside a word", "wikisource/x", SPLIT_TITLE_REPORT,
     {"kind": "gov_work_report", "year": 2010, "title": "2010年国务院政府工作报告",
      "title_source": "text"}),
    ("report to a numbered NPC session", "national/x", NPC_SESSION_REPORT,
     {"kind": "gov_work_report", "year": 2010, "year_source": "inferred",
      "title": "2010年国务院政府工作报告", "title_source": "constructed"}),
    ("city named only by the path", "reports/hangzhou_2024", PATH_ONLY_CITY,
     {"kind": "gov_work_report", "year": 2024, "title": "2024年杭州市政府工作报告",
      "conflicts": ()}),
    ("path year against the text's", "reports/gwr_2011", CONFLICTING_PATH,
     {"year": 2010, "year_source": "inferred"}),
    ("pkulaw export of a city notice", "policy/hangzhou", PKULAW_EXPORT,
     {"kind": "policy", "year": 2022, "year_source": "explicit", "title_source": "text",
      "title": "杭州市人民政府办公厅关于印发杭州市数字政府建设实施方案（2022-2025年）的通知"}),
]  # fmt: skip
