# ruff: noqa: E501  (documents are written as their genre lays them out, one paragraph a line)
"""Outside documents written for the red-team tests, in styles and formats the dev corpus lacks.

None is a copy of a real document: places, people, numbers and dates are made up, in the
conventions of each genre (a provincial work report, a Hong Kong policy address, a Taiwanese
news item with ROC dates, a newspaper article with a kicker, a speech, a meeting summary, a
numbered policy, a government news page, a PDF notice, a DOCX report, a Sogou-style record
dump, Markdown news with front matter, a mainland press conference release; a Macao policy
address, a release of Macao's Government Information Bureau, a Macao newspaper item (本報訊),
an Executive Yuan release, county news, special-meeting minutes, a two-line policy
title under its issuer, a welcome address, a district report with a spaced-out title; Markdown news with only a
heading, a news page without meta tags, a JSONL feed with varying field names, a PDF notice whose
title wraps onto a second line).

``OUTSIDE`` maps a file name to ``(content, expected)``: the content is text (written in the
format its suffix names by :func:`write_outside`) and ``expected`` the fields of the document
(for a record file, of each record, by doc_id suffix).
"""

from __future__ import annotations

PROVINCIAL_REPORT = """四川省人民政府工作报告
——2023年1月12日在四川省第十四届人民代表大会第一次会议上
四川省省长  罗文清

各位代表：
　　现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员和其他列席人员提出意见。
一、过去五年工作回顾
　　过去五年，全省地区生产总值连跨两个万亿元台阶，达到5.6万亿元，年均增长6.1%。
　　数字四川建设加快推进，建成5G基站12.3万个，“天府通办”可办事项超过2万项。
二、2023年工作总体要求和目标任务
　　今年经济社会发展的主要预期目标是：地区生产总值增长6%以上，城镇新增就业85万人以上。
　　各位代表！新征程上，我们要更加紧密地团结在以习近平同志为核心的党中央周围，奋力谱写新篇章！
"""

HK_POLICY_ADDRESS = """行政長官二〇二三年施政報告
主席、各位議員、各位市民：
１．　　今年是香港由治及興的關鍵一年。特區政府過去一年全力拚經濟、謀發展、惠民生。
２．　　政府會成立數字政策辦公室，推動智慧城市建設，並於二〇二五年前把「智方便」擴展至所有政府網上服務。
３．　　本港將投放100億港元推動創科產業發展，北部都會區會成為新的經濟引擎。
４．　　我和特區政府團隊會以實幹擔當，與市民一起開創香港更美好的明天。
"""

TW_NEWS = """台中智慧路燈明年全面汰換 市府編列4.5億元
（中央社記者陳怡君台中18日電）台中市政府今天表示，113年度將編列新台幣4.5億元，全面汰換市區老舊路燈為智慧路燈，預計114年底前完成。
市府建設局長林志明說，智慧路燈結合環境感測器，可即時回傳空氣品質與車流資料，112年試辦的3個行政區節電率達到52%。
市議員王美惠質詢時則要求市府公開招標資訊，避免廠商綁標。
（編輯：張雅文）1121018
"""

NEWSPAPER_KICKER = """让数据多跑路 让群众少跑腿——
合肥“一网通办”改革见闻
本报记者  周晓峰
　　清晨8点半，合肥市政务服务中心大厅已是人头攒动。“以前办营业执照要跑好几趟，现在手机上就能办。”市民刘女士说。
　　去年以来，合肥市推动1800余项政务服务事项“一网通办”，网上可办率达到99%。
　　“改革的核心是让数据多跑路。”合肥市数据资源局负责人介绍，全市已归集政务数据38亿条。
　　《人民日报》（2022年08月15日 第 07 版）
"""

SPEECH = """王立军同志在全市数字经济发展大会上的讲话
（2021年3月9日）
同志们：
　　这次大会的主要任务是，深入贯彻省委、省政府决策部署，动员全市上下加快数字经济发展。下面，我讲三点意见。
　　一、认清形势，增强加快数字经济发展的紧迫感
　　去年全市数字经济核心产业增加值达到820亿元，增长13.5%，占地区生产总值比重提高到9.8%。
　　二、突出重点，推动数字经济与实体经济深度融合
　　今年要新建5G基站6000个，培育数字经济重点企业100家。
　　同志们，发展数字经济使命光荣、责任重大。让我们撸起袖子加油干！
"""

MEETING_SUMMARY = """淄博市人民政府常务会议纪要
〔2022〕第15次
　　2022年6月8日上午，市长张志强主持召开市政府第15次常务会议。会议纪要如下：
　　一、会议听取了市大数据局关于新型智慧城市建设情况的汇报。
　　会议指出，新型智慧城市建设是推动城市治理现代化的重要抓手。会议要求，各区县要在9月底前完成城市运行管理平台建设。
　　二、会议研究了《淄博市公共数据开放管理办法》。
　　会议同意，由市司法局按程序提请市政府印发实施。
出席：张志强  李红梅  赵东
列席：市政府办公室、市大数据局、市司法局负责同志
"""

NUMBERED_POLICY = """粤府办〔2021〕44号
广东省人民政府办公厅关于印发广东省数字政府改革建设“十四五”规划的通知
各地级以上市人民政府，省政府各部门、各直属机构：
　　《广东省数字政府改革建设“十四五”规划》已经省人民政府同意，现印发给你们，请认真组织实施。实施过程中遇到的问题，请径向省政务服务数据管理局反映。
广东省人民政府办公厅
二〇二一年七月五日
"""

#: A government news page: navigation, breadcrumb, byline, article, footer.
HTML_NEWS = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>嘉兴市城市运行管理中心正式启用_要闻动态_嘉兴市人民政府门户网站</title>
<meta name="ArticleTitle" content="嘉兴市城市运行管理中心正式启用">
<meta name="PubDate" content="2023-09-14 10:20">
<meta name="ContentSource" content="嘉兴市大数据发展管理局">
</head>
<body>
<div class="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/bsfw">办事服务</a> | <a href="/hdjl">互动交流</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/ywdt">要闻动态</a></div>
<div class="article">
<h1>嘉兴市城市运行管理中心正式启用</h1>
<div class="info">发布时间：2023-09-14 10:20  来源：嘉兴市大数据发展管理局  浏览次数：2361</div>
<div class="content">
<p>9月13日，嘉兴市城市运行管理中心正式启用。中心汇聚全市42个部门的1.6亿条数据，实现城市运行“一屏统览”。</p>
<p>据介绍，中心接入视频监控点位3.2万个、物联感知设备8600余个，可对城市内涝、交通拥堵等事件实时预警。</p>
<p>市大数据发展管理局负责人表示，下一步将推动“一网统管”向镇街延伸，年底前覆盖全部73个镇（街道）。</p>
</div></div>
<div class="footer">主办：嘉兴市人民政府办公室  承办：嘉兴市大数据发展管理局<br>
网站标识码：3304000001  浙ICP备05012345号  浙公网安备 33040202000123号</div>
</body></html>
"""

#: Two pages of a PDF notice (one string per page): a sentence runs across the page break.
PDF_POLICY = [
    "武汉市人民政府关于加快推进数字经济高质量发展的意见\n"
    "武政规〔2022〕10号\n"
    "各区人民政府，市人民政府各部门：\n"
    "为加快推进数字经济高质量发展，结合我市实际，提出如下意见。\n"
    "一、到2025年，全市数字经济核心产业增加值占地区生产总值比重达到",
    "12%以上，建成5G基站5万个。\n"
    "二、本意见自印发之日起施行，有效期5年。\n"
    "武汉市人民政府\n"
    "2022年4月20日",
]

#: Paragraphs of a DOCX work report; the first is the title paragraph (style Title).
DOCX_REPORT = [
    "政府工作报告",
    "——2022年1月10日在西安市第十六届人民代表大会第二次会议上",
    "西安市市长  李明远",
    "各位代表：",
    "现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。",
    "一、2021年工作回顾",
    "过去一年，全市生产总值突破1万亿元，增长4.1%。数字政府建设加快，“秦务员”平台上线事项1.2万项。",
    "二、2022年主要任务",
    "今年全市经济社会发展的主要预期目标是：生产总值增长6.5%左右，城镇新增就业12万人。",
]

#: Sogou-style records without a root (GB18030, CRLF when written).
SOGOU_RECORDS = """<doc>
<url>http://it.sohu.com/20120612/n345271234.shtml</url>
<docno>a1b2c3d4e5f60718-69a1b2c3d4e5f607</docno>
<contenttitle>智慧城市试点名单公布 全国90个城市入选</contenttitle>
<content>　　住房城乡建设部2012年6月11日公布首批国家智慧城市试点名单，全国共有90个城市（区、县、镇）入选。据悉，试点期为3至5年。</content>
</doc>
<doc>
<url>http://news.sohu.com/20130305/n367551210.shtml</url>
<docno>b2c3d4e5f6071869-a1b2c3d4e5f60718</docno>
<contenttitle>宁波发布智慧城市建设三年行动计划</contenttitle>
<content>　　记者昨日从宁波市政府获悉，宁波将在2013年至2015年投入120亿元，建设智慧交通、智慧健康等十大应用体系。宁波市经信委负责人表示，到2015年全市光纤入户率达到80%。</content>
</doc>
"""

MARKDOWN_NEWS = """---
title: 长春发布城市数字孪生平台
date: 2024-06-03
source: 长春日报
---
# 长春发布城市数字孪生平台

本报讯（记者 孙丽）6月2日，长春市城市数字孪生平台正式发布，覆盖中心城区建成区面积620平方公里。

平台整合了1.8万栋建筑的三维模型，已在防汛调度、交通治理等12个场景中应用。
"""

PRESS_CONFERENCE = """青岛市人民政府新闻办公室
新闻发布会
青岛市2023年数字青岛建设情况新闻发布会
发布时间：2024年2月27日
　　2月27日上午，市政府新闻办召开新闻发布会，市大数据局局长刘建华介绍2023年数字青岛建设情况，并回答记者提问。
　　2023年，全市数字经济核心产业增加值增长11.2%，城市云脑接入数据资源2.3万类。
　　记者：今年在公共数据开放方面有哪些新举措？
　　刘建华：今年我们将新开放公共数据集500个，推动数据要素市场化配置改革。
"""

MACAU_ADDRESS = """中華人民共和國澳門特別行政區政府二〇二四年財政年度施政報告
主席、各位議員：
　　今天，我代表特區政府向立法會提交二〇二四年財政年度施政報告，請各位議員審議。
一、二〇二三年施政回顧
　　二〇二三年，澳門經濟穩步復甦，本地生產總值按年上升80.5%，失業率回落至2.1%。
　　特區政府推進智慧城市建設，「一戶通」新增服務項目120項，電子政務覆蓋率超過九成。
二、二〇二四年施政重點
　　特區政府將繼續推動經濟適度多元發展，投入40億澳門元支持科技創新。
"""

MACAO_GCS_RELEASE = """澳門特別行政區政府新聞局
新聞稿
經濟財政司司長出席智慧城市論壇 推動路氹數據中心建設
2024年03月15日 18:20
經濟財政司司長梁志明今（十五）日出席「澳門智慧城市論壇」，表示特區政府將推動路氹城區數據中心建設，支持本澳中小企業數字化轉型。
梁志明指出，特區政府今年投入3億澳門元，完善「一戶通」及電子政務服務。
"""

MACAO_DAILY_NEWS = """氹仔路環衛生中心下月推電子預約
2023年11月8日
【本報訊】社會文化司轄下衛生局昨日宣布，氹仔及路環兩間衛生中心將於下月啟用電子預約系統，市民可透過「一戶通」辦理。
有立法會議員表示，本澳智慧醫療起步較遲，特區政府應加快步伐。
"""

EXECUTIVE_YUAN_RELEASE = """行政院會通過「數位發展部組織法」草案 打造數位國家
發布日期：中華民國110年3月25日
發布單位：行政院新聞傳播處
行政院長蘇貞昌今（25）日於院會聽取國家發展委員會「數位發展部組織法」草案報告後表示，數位轉型是國家發展的關鍵，政府將整合電信、資訊、資安及傳播等業務，成立數位發展部。
國發會主委龔明鑫說明，數位發展部預計於111年成立，首年編列預算新臺幣200億元。
新聞聯絡人：行政院發言人室 電話：02-33566500
"""

COUNTY_NEWS = """德清：地理信息产业集聚效应凸显
来源：德清县融媒体中心  作者：沈佳  时间：2023-06-18 10:12
　　日前，记者从德清县自然资源和规划局了解到，今年一季度全县地理信息产业实现营业收入112亿元，同比增长21.3%。
　　目前，德清地理信息小镇已集聚企业450余家，其中规上企业86家。
　　县委主要负责人表示，德清将打造全球地理信息产业高地。
编辑：王丽
"""

SPECIAL_MEETING_MINUTES = """关于研究推进城市数字孪生平台建设的专题会议纪要
　　2023年11月2日下午，副市长刘强在市政府第三会议室主持召开专题会议，研究推进城市数字孪生平台建设有关事宜。市大数据局、市自然资源局、市住建局等部门负责同志参加会议。现将会议议定事项纪要如下：
　　一、会议听取了市大数据局关于城市数字孪生平台建设方案的汇报，原则同意建设方案。
　　二、会议要求，市自然资源局要在12月底前完成全市三维实景数据采集，市住建局负责建筑信息模型数据归集。
　　三、会议强调，各部门要加强协同配合，确保平台2024年6月底前上线运行。
参加人员：刘强  张华  李明  王刚
"""

IMPLEMENTATION_OPINION = """成都市人民政府办公厅
关于加快推进智慧蓉城建设的实施意见
成办发〔2022〕30号
各区（市）县政府，市政府各部门，有关单位：
　　为深入贯彻落实市委、市政府关于智慧蓉城建设的决策部署，经市政府同意，现提出如下实施意见。
　　一、到2025年，全市建成城市运行“王”平台，城市治理体系和治理能力现代化水平显著提升。
　　二、本实施意见自2022年5月1日起施行。
成都市人民政府办公厅
2022年4月15日
"""

WELCOME_SPEECH = """在全省数字经济高质量发展大会上的致辞
贵州省人民政府省长  李炳军
（2022年5月26日）
尊敬的各位来宾，女士们、先生们，朋友们：
　　大家上午好！很高兴与各位嘉宾相聚在美丽的贵阳，共同出席2022年全省数字经济高质量发展大会。
　　近年来，贵州大数据产业持续快速发展，数字经济增速连续7年位居全国第一。
　　最后，预祝大会取得圆满成功！谢谢大家！
"""

DISTRICT_REPORT = """政 府 工 作 报 告
——2021年1月8日在广州市天河区第十七届人民代表大会第六次会议上
天河区区长  邝小军
各位代表：
　　现在，我代表区人民政府，向大会报告工作，请予审议，并请区政协委员和其他列席人员提出意见。
一、“十三五”时期和2020年工作回顾
　　2020年，全区地区生产总值达到5047亿元，增长2.5%。
二、“十四五”时期的主要目标和2021年重点工作
　　今年经济社会发展的主要预期目标是：地区生产总值增长6%。
"""

HEADING_MARKDOWN = """# 昆明发布数字政府建设三年行动方案

2023年5月18日，昆明市人民政府发布《昆明市数字政府建设三年行动方案（2023—2025年）》，提出到2025年政务服务事项全程网办率达到90%。

据悉，方案明确了18项重点任务。
"""

#: A news page with no meta tags: the title comes from the page (not its "_栏目_站名" <title>).
HTML_NEWS_PLAIN = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>温州上线“城市眼·云共治”平台_温州要闻_温州市人民政府门户网站</title>
</head><body>
<div class="nav"><a href="/">首页</a> <a href="/xw">新闻</a> <a href="/zw">政务</a></div>
<div class="main">
<h1>温州上线“城市眼·云共治”平台</h1>
<p class="info">发布日期：2022年11月03日 信息来源：温州日报</p>
<p>11月2日，温州“城市眼·云共治”平台正式上线运行，全市1.2万路视频监控实现智能分析。</p>
<p>据了解，平台上线以来已自动发现占道经营、垃圾暴露等问题3.6万起，处置率达到97%。</p>
<p>市综合行政执法局相关负责人表示，下一步将把平台延伸到全部乡镇（街道）。</p>
</div>
<div class="foot">温州市人民政府办公室主办 浙ICP备05012345号</div>
</body></html>
"""

#: A JSONL news feed whose field names differ from record to record (pub_time, headline, body).
NEWS_FEED = (
    '{"pub_time": "2021-04-26 20:00:00", "headline": "第四届数字中国建设峰会闭幕", "body": "第四届数字中国建设峰会26日在福州闭幕。据介绍，本届峰会签约项目486个，总投资2033亿元。"}\n'
    '{"pubdate": "2020/10/12", "title": "厦门推进“i厦门”平台升级", "content": "记者昨日从厦门市大数据管理局获悉，“i厦门”平台已接入服务事项1800余项。"}\n'
)

#: A PDF notice whose long title wraps onto a second line, with page-number lines.
PDF_WRAPPED_TITLE = [
    "杭州市人民政府关于印发杭州市推进新型智慧城市\n"
    "建设三年行动计划（2021—2023年）的通知\n"
    "杭政函〔2021〕18号\n"
    "各区、县（市）人民政府，市政府各部门、各直属单位：\n"
    "现将《杭州市推进新型智慧城市建设三年行动计划（2021—2023年）》印发给你们，请认真组织实施。\n"
    "- 1 -",
    "杭州市人民政府\n2021年3月8日\n- 2 -",
]

#: file name -> (content, expected fields). Titles a test compares after normalising width,
#: whitespace and script; a report's title must contain 政府工作报告 and its issuer.
OUTSIDE = {
    "sichuan_report.txt": (PROVINCIAL_REPORT, {
        "kind": "gov_work_report", "year": 2023, "region": "mainland",
        "title_has": ("政府工作报告", "四川省")}),
    "hk_policy_address.txt": (HK_POLICY_ADDRESS, {
        "kind": "gov_work_report", "year": 2023, "region": "hk",
        "title": "行政長官二〇二三年施政報告"}),
    "tw_cna_news.txt": (TW_NEWS, {
        "kind": "news", "year": 2023, "region": "tw",
        "title": "台中智慧路燈明年全面汰換 市府編列4.5億元"}),
    "newspaper_kicker.txt": (NEWSPAPER_KICKER, {
        "kind": "news", "year": 2022, "region": "mainland",
        "title": "合肥“一网通办”改革见闻"}),
    "speech.txt": (SPEECH, {
        "kind": "speech", "year": 2021, "region": "mainland",
        "title": "王立军同志在全市数字经济发展大会上的讲话"}),
    "meeting_summary.txt": (MEETING_SUMMARY, {
        "kind": "conference_summary", "year": 2022, "region": "mainland",
        "title": "淄博市人民政府常务会议纪要"}),
    "numbered_policy.txt": (NUMBERED_POLICY, {
        "kind": "policy", "year": 2021, "region": "mainland",
        "title": "广东省人民政府办公厅关于印发广东省数字政府改革建设“十四五”规划的通知"}),
    "jiaxing_news.html": (HTML_NEWS, {
        "kind": "news", "year": 2023, "region": "mainland",
        "title": "嘉兴市城市运行管理中心正式启用"}),
    "wuhan_policy.pdf": (PDF_POLICY, {
        "kind": "policy", "year": 2022, "region": "mainland",
        "title": "武汉市人民政府关于加快推进数字经济高质量发展的意见"}),
    "xian_report.docx": (DOCX_REPORT, {
        "kind": "gov_work_report", "year": 2022, "region": "mainland",
        "title_has": ("政府工作报告", "西安市")}),
    "sogou_news.dat": (SOGOU_RECORDS, {
        "#1": {"kind": "news", "year": 2012, "region": "mainland",
               "title": "智慧城市试点名单公布 全国90个城市入选"},
        "#2": {"kind": "news", "year": 2013, "region": "mainland",
               "title": "宁波发布智慧城市建设三年行动计划"}}),
    "changchun_news.md": (MARKDOWN_NEWS, {
        "kind": "news", "year": 2024, "region": "mainland",
        "title": "长春发布城市数字孪生平台"}),
    "qingdao_press.txt": (PRESS_CONFERENCE, {
        "kind": "press_release", "year": 2024, "region": "mainland",
        "title": "青岛市2023年数字青岛建设情况新闻发布会"}),
    # 澳门 ×2, 澳门元: Macao's own words; 特区政府, 立法会 are Hong Kong's too and do not decide
    "macau_address.txt": (MACAU_ADDRESS, {
        "kind": "gov_work_report", "year": 2024, "region": "mo",
        "title": "中華人民共和國澳門特別行政區政府二〇二四年財政年度施政報告"}),
    "macao_gcs_release.txt": (MACAO_GCS_RELEASE, {
        "kind": "press_release", "year": 2024, "region": "mo",
        "title": "經濟財政司司長出席智慧城市論壇 推動路氹數據中心建設"}),
    "macao_daily_news.txt": (MACAO_DAILY_NEWS, {
        "kind": "news", "year": 2023, "region": "mo",
        "title": "氹仔路環衛生中心下月推電子預約"}),
    "ey_release.txt": (EXECUTIVE_YUAN_RELEASE, {
        "kind": "press_release", "year": 2021, "region": "tw",
        "title": "行政院會通過「數位發展部組織法」草案 打造數位國家"}),
    "county_news.txt": (COUNTY_NEWS, {
        "kind": "news", "year": 2023, "region": "mainland",
        "title": "德清：地理信息产业集聚效应凸显"}),
    "special_meeting.txt": (SPECIAL_MEETING_MINUTES, {
        "kind": "conference_summary", "year": 2023, "region": "mainland",
        "title": "关于研究推进城市数字孪生平台建设的专题会议纪要"}),
    "implementation_opinion.txt": (IMPLEMENTATION_OPINION, {
        "kind": "policy", "year": 2022, "region": "mainland",
        "title": "成都市人民政府办公厅关于加快推进智慧蓉城建设的实施意见"}),
    "welcome_speech.txt": (WELCOME_SPEECH, {
        "kind": "speech", "year": 2022, "region": "mainland",
        "title": "在全省数字经济高质量发展大会上的致辞"}),
    "kunming_heading.md": (HEADING_MARKDOWN, {
        "kind": "news", "year": 2023, "region": "mainland",
        "title": "昆明发布数字政府建设三年行动方案"}),
    "wenzhou_news.html": (HTML_NEWS_PLAIN, {
        "kind": "news", "year": 2022, "region": "mainland",
        "title": "温州上线“城市眼·云共治”平台"}),
    "news_feed.jsonl": (NEWS_FEED, {
        "#1": {"kind": "news", "year": 2021, "region": "mainland",
               "title": "第四届数字中国建设峰会闭幕"},
        "#2": {"kind": "news", "year": 2020, "region": "mainland",
               "title": "厦门推进“i厦门”平台升级"}}),
    "hangzhou_notice.pdf": (PDF_WRAPPED_TITLE, {
        "kind": "policy", "year": 2021, "region": "mainland",
        "title": "杭州市人民政府关于印发杭州市推进新型智慧城市建设三年行动计划（2021—2023年）的通知"}),
    "district_report.txt": (DISTRICT_REPORT, {
        "kind": "gov_work_report", "year": 2021, "region": "mainland",
        "title_has": ("政府工作报告", "天河区")}),
}
