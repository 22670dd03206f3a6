"""ingest.html: visible text of HTML with offsets into the source."""

from countybrief.ingest.html import html_to_text

PAGE = """<!DOCTYPE html><html><head><title>某县脱贫攻坚纪实</title>
<style>p { color: red; } .x{}</style><script>var a = "投入资金999万元";</script></head>
<body><nav><a href="/">首页</a> <a>新闻</a></nav>
<div class="content"><h1>某县脱贫攻坚纪实</h1>
<p>全县&nbsp;共投入资金<b>3200</b>万元，<br>帮助贫困户1200户&amp;脱贫。</p>
<!-- 评论 --><footer>版权所有</footer></div></body></html>"""


def test_drops_script_style_nav_and_keeps_blocks():
    text, origin = html_to_text(PAGE)
    assert "999" not in text and "color" not in text and "首页" not in text and "评论" not in text
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    assert lines[0] == "某县脱贫攻坚纪实"
    assert "全县 共投入资金3200万元，" in lines
    assert "帮助贫困户1200户&脱贫。" in lines


def test_offsets_point_into_the_source():
    text, origin = html_to_text(PAGE)
    assert len(text) == len(origin)
    for i, ch in enumerate(text):
        if ch.strip() and ch != "&":
            assert PAGE[origin[i]] == ch
    amp = text.index("&")
    assert PAGE[origin[amp]:origin[amp] + 5] == "&amp;"
    start = text.index("3200")
    assert PAGE[origin[start]:origin[start + 3] + 1] == "3200"
