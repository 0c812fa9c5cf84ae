"""The download page's own style sheet and script, inlined into every page.

No external assets at all (the office network has no internet): system fonts only, plain ES5
script that old office browsers run, and print rules so that a printed page is a clean list (or,
for a preview, the document's text).
"""

from __future__ import annotations

_SANS = (
    '"Microsoft YaHei", "微软雅黑", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", '
    '"Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif'
)
_FANGSONG = (
    '"FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "Noto Serif CJK SC", '
    '"Source Han Serif SC", serif'
)
_HEI = '"SimHei", "黑体", "STHeiti", "Noto Sans CJK SC", sans-serif'
_KAI = '"KaiTi", "楷体", "KaiTi_GB2312", "STKaiti", "AR PL UKai CN", serif'
_SONG = '"FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", "宋体", "Noto Serif CJK SC", serif'

COMMON_CSS = f"""
*{{box-sizing:border-box}}
[hidden]{{display:none!important}}
body{{margin:0;background:#f3f4f6;color:#1f2328;font-family:{_SANS};font-size:16px;line-height:1.6}}
.page{{max-width:1120px;margin:0 auto;padding:24px 20px 48px}}
a{{color:#1d4f91}}
.button{{display:inline-block;margin:2px 6px 2px 0;padding:5px 14px;border-radius:4px;
  background:#1d4f91;color:#fff;text-decoration:none;white-space:nowrap}}
.button:hover,.button:focus{{background:#163c6f}}
.button.secondary{{background:#fff;color:#1d4f91;border:1px solid #1d4f91}}
.size{{font-size:13px;opacity:.85}}
.site-foot{{margin-top:32px;color:#57606a;font-size:14px}}
@media print{{
  @page{{margin:18mm 15mm}}
  body{{background:#fff;color:#000;font-size:11pt}}
  .page{{max-width:none;padding:0}}
  .noprint,.filter,.bundles,.col-preview{{display:none!important}}
  a{{color:#000;text-decoration:none}}
  .button,.button.secondary{{background:none;color:#000;border:none;padding:0;margin:0 8px 0 0}}
}}
"""

INDEX_CSS = (
    COMMON_CSS
    + """
.site-head h1{margin:0 0 4px;font-size:28px;color:#a61b1b}
.site-head p{margin:0;color:#444}
.filter{margin:20px 0 8px;padding:12px 14px;background:#fff;border:1px solid #d0d7de;border-radius:6px}
.filter-label{margin-right:8px;font-weight:bold}
.stale{margin:12px 0;padding:10px 14px;background:#fff8c5;border:1px solid #d4a72c;border-radius:6px}
.tools{margin:8px 0;display:flex;flex-wrap:wrap;gap:12px}
.tools input,.tools select{font:inherit;padding:4px 8px;border:1px solid #8c959f;border-radius:6px}
.tech{display:inline;margin-left:8px;color:#57606a;font-size:13px}
.tech summary{display:inline;cursor:pointer}
.print-list{margin:24px 0;padding:12px 14px;background:#fff;border:1px solid #d0d7de;border-radius:6px}
.print-list h3{margin:8px 0 4px;font-size:16px}
.filter button{margin:3px 4px;padding:6px 14px;border:1px solid #8c959f;border-radius:16px;
  background:#fff;color:#1f2328;font:inherit;cursor:pointer}
.filter button[aria-pressed="true"]{background:#a61b1b;border-color:#a61b1b;color:#fff}
.bundles{margin:12px 0 20px;padding:12px 14px;background:#fff;border:1px solid #d0d7de;border-radius:6px}
.bundles h2{margin:0 0 6px;font-size:18px}
.bundles ul{margin:0;padding:0;list-style:none}
.bundles li{display:inline-block;margin:0 12px 6px 0}
.plan{margin:18px 0;padding:16px 20px;background:#fff;border:1px solid #d0d7de;border-radius:6px}
.plan h2{margin:0 0 10px;font-size:21px;color:#1f2328}
.meta{display:flex;flex-wrap:wrap;margin:0 0 10px}
.meta div{margin:0 28px 6px 0}
.meta dt{color:#57606a;font-size:14px}
.meta dd{margin:0}
.changes summary{cursor:pointer;color:#1d4f91}
.changes ul{margin:6px 0 0;padding-left:20px;font-size:14px}
.changes .where{color:#57606a}
table.documents{width:100%;border-collapse:collapse;margin-top:8px}
.documents th,.documents td{padding:8px 10px;border-top:1px solid #e1e4e8;text-align:left;vertical-align:top}
.documents thead th{background:#f6f8fa;font-size:14px;color:#57606a;font-weight:normal}
.documents .edition{display:block;font-weight:bold}
.documents .filename{display:block;font-size:13px;color:#57606a;font-weight:normal;word-break:break-all}
.changed{color:#a61b1b}
.empty{padding:24px;background:#fff;border:1px dashed #8c959f;text-align:center}
@media screen and (max-width:640px){
  .plan{padding:12px}
  .documents thead{display:none}
  .documents tr,.documents th,.documents td{display:block;border:none;padding:2px 0}
  .documents tr{border-top:1px solid #e1e4e8;padding:8px 0}
}
@media print{
  .plan{border:none;padding:0;margin:0 0 14pt}
  .documents tr{break-inside:avoid}
  .documents th,.documents td{border-top:1px solid #999;padding:4pt 6pt}
}
"""
)

PREVIEW_CSS = (
    COMMON_CSS
    + f"""
.bar{{max-width:860px;margin:0 auto 12px}}
.bar p{{margin:8px 0 0;color:#57606a;font-size:14px}}
.document{{max-width:860px;margin:0 auto;padding:48px 64px;background:#fff;border:1px solid #d0d7de;
  font-family:{_FANGSONG};font-size:18px;line-height:1.9}}
.document p{{margin:0;text-indent:2em}}
.document .front{{text-indent:0;font-family:{_HEI}}}
.document .mark{{margin:12px 0 8px;text-indent:0;text-align:center;color:#c00;font-family:{_SONG};
  font-size:32px;letter-spacing:2px}}
.document .number{{text-indent:0;text-align:center;padding-bottom:10px;border-bottom:2px solid #c00}}
.document .mark-names{{display:inline-block;vertical-align:middle;text-align:justify;text-align-last:justify}}
.document .number.signed{{display:flex;justify-content:space-between;align-items:flex-end}}
.document .signers{{text-align:left}}
.document h1{{margin:28px 0 20px;text-align:center;font-family:{_SONG};font-size:24px;font-weight:normal;
  line-height:1.6}}
.document .subtitle{{text-indent:0;text-align:center;font-family:{_KAI}}}
.document .recipients{{text-indent:0;margin-top:16px}}
.document h2{{margin:0;text-indent:2em;font-family:{_HEI};font-size:18px;font-weight:normal}}
.document h3{{margin:0;text-indent:2em;font-family:{_KAI};font-size:18px;font-weight:normal}}
.document .signature{{margin:24px 0}}
.document .signature p{{text-indent:0;text-align:right;padding-right:4em}}
.document .attachment-note{{margin-top:18px}}
.document .attachment-note p{{text-indent:2em}}
.document .attachment-label{{margin-top:40px;padding-top:24px;border-top:1px dashed #8c959f}}
.document .attachment-label p{{text-indent:0;font-family:{_HEI}}}
.document .attachment-label strong{{font-weight:normal}}
.document .attachment-title{{margin:16px 0}}
.document .attachment-title p{{text-indent:0;text-align:center;font-family:{_SONG};font-size:22px}}
.document .note{{margin-top:12px}}
.document .plan-table{{margin:8px auto;border-collapse:collapse;font-size:15px;line-height:1.5}}
.document .plan-table caption{{font-family:{_HEI};padding:4px}}
.document .plan-table th,.document .plan-table td{{border:1px solid #24292f;padding:2px 6px}}
.document .plan-table th{{font-family:{_HEI};font-weight:normal}}
.document .colophon{{margin-top:40px;border-top:1px solid #000;border-bottom:1px solid #000;font-size:16px}}
.document .colophon p{{text-indent:0;padding:4px 1em}}
.document .colophon .cc{{border-bottom:1px solid #000}}
.document .colophon .printer span{{display:inline-block;width:50%}}
.document .colophon .printer span+span{{text-align:right}}
@media print{{
  .document{{max-width:none;padding:0;border:none;font-size:15pt}}
  .document .attachment-label{{break-before:page;border:none;margin:0;padding:0}}
}}
"""
)

FILTER_JS = """
(function () {
  var nav = document.getElementById("filter");
  if (!nav || !document.querySelectorAll) { return; }
  var buttons = nav.getElementsByTagName("button");
  var known = {};
  var i;
  for (i = 0; i < buttons.length; i++) { known[buttons[i].getAttribute("data-type")] = true; }
  function each(selector, visit) {
    var found = document.querySelectorAll(selector);
    for (var n = 0; n < found.length; n++) { visit(found[n]); }
  }
  function show(type) {
    for (var b = 0; b < buttons.length; b++) {
      buttons[b].setAttribute("aria-pressed", buttons[b].getAttribute("data-type") === type ? "true" : "false");
    }
    var plans = 0;
    each("section.plan", function (plan) {
      var rows = plan.querySelectorAll("tr[data-edition]");
      var any = false;
      for (var r = 0; r < rows.length; r++) {
        var wanted = type === "" || rows[r].getAttribute("data-edition") === type;
        rows[r].hidden = !wanted;
        any = any || wanted;
      }
      plan.hidden = !any;
      if (any) { plans++; }
    });
    each("[data-bundle]", function (item) {
      item.hidden = type !== "" && item.getAttribute("data-bundle") !== type;
    });
    document.getElementById("empty").hidden = plans > 0;
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", type ? "#" + type : window.location.pathname + window.location.search);
    }
  }
  nav.onclick = function (event) {
    var target = (event || window.event).target || (event || window.event).srcElement;
    while (target && target !== nav && target.tagName !== "BUTTON") { target = target.parentNode; }
    if (target && target !== nav) { show(target.getAttribute("data-type")); }
  };
  nav.hidden = false;
  function fromAddress() {
    var wanted = window.location.hash.replace(/^#/, "");
    show(known.hasOwnProperty(wanted) ? wanted : "");
  }
  fromAddress();
  // a link to "#non-public" pasted into a page that is already open filters it too
  window.onhashchange = fromAddress;
  var tools = document.getElementById("tools");
  var search = document.getElementById("search");
  var sort = document.getElementById("sort");
  var main = document.getElementsByTagName("main")[0];
  if (tools && search && sort && main) {
    tools.hidden = false;
    search.oninput = function () {
      var words = search.value.trim();
      each("section.plan", function (plan) {
        var text = plan.getAttribute("data-search") || "";
        plan.style.display = !words || text.indexOf(words) >= 0 ? "" : "none";
      });
    };
    sort.onchange = function () {
      var plans = Array.prototype.slice.call(main.querySelectorAll("section.plan"));
      var how = sort.value;
      plans.sort(function (a, b) {
        if (how === "title") { return a.getAttribute("data-title") < b.getAttribute("data-title") ? -1 : 1; }
        var da = a.getAttribute("data-date"), db = b.getAttribute("data-date");
        if (da === db) { return 0; }
        return (da < db) === (how === "old") ? -1 : 1;
      });
      var empty = document.getElementById("empty");
      for (var n = 0; n < plans.length; n++) { main.insertBefore(plans[n], empty); }
    };
  }
})();
"""

#: When each plan's documents were made, in the reader's local time: the builds are
#: byte-identical whatever the clock, so the time is not in the page but in the files themselves —
#: the server's Last-Modified for the plan's first document, or (opened as a file, or from a
#: server that does not say) the page's own time, which the same build wrote.
MADE_JS = """
(function () {
  if (!document.querySelectorAll) { return; }
  var english = document.documentElement.lang === "en";
  function two(n) { return n < 10 ? "0" + n : "" + n; }
  function shown(date) {
    var time = two(date.getHours()) + ":" + two(date.getMinutes());
    if (english) {
      return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate()) + " " + time;
    }
    return date.getFullYear() + "年" + (date.getMonth() + 1) + "月" + date.getDate() + "日 " + time;
  }
  function fill(span, date) {
    if (date && !isNaN(date.getTime())) { span.textContent = shown(date); }
  }
  var page = new Date(document.lastModified);
  var served = /^https?:$/.test(window.location.protocol) && window.fetch;
  var spans = document.querySelectorAll("span.made");
  for (var i = 0; i < spans.length; i++) {
    (function (span) {
      if (!served) { fill(span, page); return; }
      window.fetch(span.getAttribute("data-made"), { method: "HEAD", cache: "no-store" }).then(
        function (reply) {
          var modified = reply.ok && reply.headers.get("Last-Modified");
          fill(span, modified ? new Date(modified) : page);
        },
        function () { fill(span, page); }
      );
    })(spans[i]);
  }
})();
"""
