"""Word segmentation with a private jieba tokenizer (cityreports.text.tokens)."""

from __future__ import annotations

import pickle
import subprocess
import sys

import jieba
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityreports.errors import ParameterError
from cityreports.text.tokens import JIEBA_HAN, Segmenter, load_domain_dict, load_stopwords


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("各地推进新型智慧城市建设取得成效", "新型智慧城市"),
        ("上海实现政务服务一网通办", "一网通办"),
        ("城市运行一网统管平台上线", "一网统管"),
        ("编制国土空间规划并建设数字孪生城市", "国土空间规划"),
        ("编制国土空间规划并建设数字孪生城市", "数字孪生"),
        ("打破数据孤岛，让群众更有获得感", "数据孤岛"),
        ("坚持以人民为中心的发展思想", "以人民为中心"),
        ("推动互联网+政务服务", "互联网+"),
        ("加快新基建和算力网络布局", "新基建"),
        ("实现碳达峰碳中和目标", "碳达峰"),
    ],
)
def test_domain_terms_stay_whole(segmenter, text, term):
    assert term in segmenter.tokens(text)


@pytest.mark.parametrize(
    ("text", "protected"),
    [
        ("数字经济规模达到196.98万亿元。", "196.98万亿元"),
        ("网民规模达7.49亿，", "7.49亿"),
        ("占比超过30%的城市", "30%"),
        ("增长6.5％左右", "6.5％"),
        ("在“十三五”期间", "十三五"),
        ("面向十四五规划", "十四五"),
        ("到二〇三五年基本实现", "二〇三五年"),
        ("2015年12月12日，论坛在南昌召开", "2015年12月12日"),
        ("3月24日，对话在京举办", "3月24日"),
        ("发展5G网络", "5G"),
        ("建设CIM平台", "CIM"),
        ("部署IoT设备", "IoT"),
        ("应对COVID-19疫情", "COVID-19"),
        ("吸引超60万人次观众", "60万人次"),
        ("第6届智博会", "第6届"),
        ("共有1,000家企业参展", "1,000家"),
        ("访问http://www.gov.cn/zhengce了解", "http://www.gov.cn/zhengce"),
    ],
)
def test_protected_spans_are_one_token(segmenter, text, protected):
    assert protected in segmenter.tokens(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("签约12项目", ["12", "项目"]),
        ("8部门联合发文", ["8", "部门"]),
        ("100市民参加", ["100", "市民"]),
    ],
)
def test_unit_that_starts_a_word_is_left_to_the_word(segmenter, text, expected):
    tokens = segmenter.tokens(text)
    start = tokens.index(expected[0])
    assert tokens[start : start + len(expected)] == expected


def test_spans_index_the_text(segmenter):
    text = "2020年12月3日，新型智慧城市 建设\r\n达到 7.49亿 人。"
    spans = segmenter.spans(text)
    assert all(text[start:end] == token for token, start, end in spans)
    assert "".join(token for token, _, _ in spans) == "".join(text.split())


TEXT = st.text(
    alphabet=st.sampled_from(
        list("智慧城市新型一网通办统管数据的了和人民十三四五〇二年月日万亿元个%％.，。“”、 \n\r\t")
        + list("0123456789ABCxyz-+:/")
    )
    | st.characters(),
    max_size=80,
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXT)
def test_spans_reconstruct_the_text(segmenter, text):
    spans = segmenter.spans(text)
    position = 0
    for token, start, end in spans:
        assert start >= position
        assert text[position:start].strip() == ""  # only whitespace is dropped
        assert text[start:end] == token
        assert token and not token.isspace()
        position = end
    assert text[position:].strip() == ""
    assert segmenter.spans(text) == spans  # deterministic


@pytest.fixture(scope="module")
def segmenter_no_hmm() -> Segmenter:
    return Segmenter(hmm=False)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXT)
def test_fast_tokens_equal_the_spans_path(segmenter, segmenter_no_hmm, text):
    # tokens() re-implements jieba's cut without offsets; spans() calls jieba itself
    for seg in (segmenter, segmenter_no_hmm):
        assert seg.tokens(text) == [token for token, _, _ in seg.spans(text)]


def _jieba_cut(seg: Segmenter, text: str) -> list[str]:
    """jieba's own cut with the segmenter's tokenizer, whitespace dropped."""
    tokenizer, _ = seg._load()
    return [w for w in tokenizer.cut(text, HMM=seg.hmm) if w and not w.isspace()]


def _cut_words(seg: Segmenter, text: str) -> list[str]:
    words: list[str] = []
    seg._cut_words(seg._dictionary(), text, words)
    return words


#: Characters at the edges of the blocks of jieba and of jieba-rs: Han characters of both, the
#: ideographs only jieba-rs puts in a block, the ASCII both put in a block, punctuation, spaces.
EDGES = st.text(
    alphabet=st.sampled_from(
        list("智慧城市新型一网通办数据的人民中心，。、“”《》（）·—…；：！？〇")
        + ["\u3400", "\u4dbf", "\u4e00", "\u9fd5", "\u9fd6", "\u9fff", "\uf900", "\ufaff",
           "\U00020000", "\U0002a6df", "\U0002f800", "\ud800", "\u3007", "\u3000", " ", "\n"]
        + list("09AZaz+#&._%-/")
    ),
    max_size=40,
)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.one_of(TEXT, EDGES))
def test_fast_cut_equals_jieba_cut(segmenter, segmenter_no_hmm, text):
    # EDGES: a clause of jieba's Han characters and punctuation goes to jieba-rs in one call
    for seg in (segmenter, segmenter_no_hmm):
        assert _cut_words(seg, text) == _jieba_cut(seg, text)


def test_fast_tokens_equal_the_spans_path_on_the_bundled_corpus(segmenter):
    from cityreports.ingest.manifest import read_corpus
    from cityreports.pipeline import default_corpus_path, parse_document

    raws, _ = read_corpus(default_corpus_path())
    for raw in raws:
        for sentence in parse_document(raw).sentences:
            expected = [token for token, _, _ in segmenter.spans(sentence.text)]
            assert segmenter.tokens(sentence.text) == expected


def test_drop_stopwords(segmenter):
    tokens = segmenter.tokens("我们的城市是人民的城市……", drop_stopwords=True)
    assert tokens == ["城市", "人民", "城市"]


def test_custom_stopwords_replace_the_packaged_list():
    seg = Segmenter(stopwords={"城市"})
    assert seg.tokens("人民的城市。", drop_stopwords=True) == ["人民", "的"]
    assert "的" in load_stopwords()


def test_two_segmenters_do_not_share_state_and_global_jieba_is_untouched():
    word = "城报测试词"
    with_word = Segmenter(user_words=[word])
    without = Segmenter()
    assert word in with_word.tokens(f"这是{word}。")
    assert word not in without.tokens(f"这是{word}。")
    assert word not in jieba.dt.user_word_tag_tab
    assert not jieba.dt.initialized or word not in jieba.dt.FREQ
    assert all(w not in jieba.dt.user_word_tag_tab for w, _, _ in load_domain_dict())


def test_user_words_with_latin_letters_are_protected():
    seg = Segmenter(user_words=["5G基站", "CIM平台"])
    assert seg.tokens("建成5G基站和CIM平台") == ["建成", "5G基站", "和", "CIM平台"]


def test_domain_dictionary_is_substantial():
    words = [w for w, _, _ in load_domain_dict()]
    assert len(words) >= 150
    assert len(set(words)) == len(words)
    assert {"新型智慧城市", "一网通办", "数字孪生", "城市大脑", "健康码"} <= set(words)


def test_segmenter_survives_pickling(segmenter):
    copy = pickle.loads(pickle.dumps(segmenter))
    assert copy.tokens("推进一网统管") == segmenter.tokens("推进一网统管")


@pytest.mark.parametrize("user_words", ["一网统管", ["a b"], [""]])
def test_bad_user_words(user_words):
    with pytest.raises(ParameterError, match="user_words"):
        Segmenter(user_words=user_words)


HAN_RUN = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FD5)
    | st.sampled_from(list("智慧城市新型一网通办统管数据的了和人民十三四五")),
    min_size=1,
    max_size=40,
)


@settings(max_examples=500, deadline=None)
@given(text=HAN_RUN)
def test_hmm_states_equal_jieba_viterbi(text):
    from jieba import finalseg

    from cityreports.text.tokens import _hmm_model, _hmm_states

    model = (finalseg.start_P, finalseg.trans_P, finalseg.emit_P)
    assert _hmm_states(_hmm_model(), text) == finalseg.viterbi(text, "BMES", *model)[1]


@settings(max_examples=300, deadline=None)
@given(text=HAN_RUN | TEXT)
def test_hmm_cut_equals_jieba_finalseg_cut(text):
    from jieba import finalseg

    from cityreports.text.tokens import _hmm_cut, _hmm_model

    words: list[str] = []
    _hmm_cut(_hmm_model(), text, words)
    assert words == list(finalseg.cut(text))


def test_the_hmm_is_jiebas_and_read_without_importing_jieba():
    from jieba import finalseg

    from cityreports.text import tokens

    model = tokens._hmm_model()
    assert (model.start, model.trans, model.emit) == (
        finalseg.start_P, finalseg.trans_P, finalseg.emit_P)
    assert tokens._HMM_FLOOR == finalseg.MIN_FLOAT
    assert tokens._HMM_PREVIOUS == finalseg.PrevStatus
    for ours, theirs in ((tokens._HMM_HAN, finalseg.re_han), (tokens._HMM_SKIP, finalseg.re_skip)):
        assert (ours.pattern, ours.flags) == (theirs.pattern, theirs.flags)
    code = ("import sys\nfrom cityreports.text.tokens import _hmm_model\n"
            "assert _hmm_model().emit['B']\nassert 'jieba' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)


#: Runs of Han characters made of dictionary and domain words and single characters, where
#: the route, the HMM and the tuned domain frequencies all decide: the jieba-rs path.
WORD_RUN = st.lists(
    st.sampled_from(
        ["智慧城市", "新型智慧城市", "数字孪生", "一网通办", "城市大脑", "政务服务", "以人民为中心",
         "大模型", "算力", "的", "了", "和", "研考", "會", "發展", "中心", "推进", "建设", "网格",
         "化", "管理", "高质量", "发展", "新质", "生产力", "智", "慧", "城", "市"]
    ),
    max_size=30,
).map("".join)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=WORD_RUN | HAN_RUN, joiner=st.sampled_from(["", "-", "+", "，", " "]))
def test_compiled_han_runs_equal_jieba_cut(segmenter, segmenter_no_hmm, text, joiner):
    # runs of Han characters go to jieba-rs, loaded with the tokenizer's dictionary and total
    text = joiner.join([text[: len(text) // 2], text[len(text) // 2 :]])
    for seg in (segmenter, segmenter_no_hmm):
        assert _cut_words(seg, text) == _jieba_cut(seg, text)


def test_compiled_dictionary_holds_the_tokenizers_words(segmenter):
    tokenizer, _ = segmenter._load()
    compiled = segmenter._dictionary()
    assert compiled.total == tokenizer.total
    for word, _, _ in load_domain_dict():
        assert compiled.has_word(word) == bool(tokenizer.FREQ.get(word))
    assert compiled.frequencies() == tokenizer.FREQ
    assert not compiled.has_word("智慧城市智慧城市")


def test_jieba_han_is_jiebas_pattern():
    assert JIEBA_HAN.pattern == jieba.re_han_default.pattern
    assert JIEBA_HAN.flags == jieba.re_han_default.flags
