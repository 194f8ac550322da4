#include "markup/markdown.hpp"
#include "markup/sanitize_check.hpp"
#include "markup/youtube.hpp"

#include <gtest/gtest.h>

using namespace barertc::markup;

TEST(Markdown, RendersEmphasisStrikethroughAndLineBreaks) {
    EXPECT_EQ(render_markdown("**bold** _it_ ~~gone~~"), "<p><strong>bold</strong> <em>it</em> <del>gone</del></p>");
    EXPECT_EQ(render_markdown("one\ntwo"), "<p>one<br />\ntwo</p>");
    EXPECT_EQ(render_markdown("`x < y`"), "<p><code>x &lt; y</code></p>");
}

TEST(Markdown, WhitespaceOnlyIsNothing) {
    EXPECT_EQ(render_markdown(""), "");
    EXPECT_EQ(render_markdown("   \n\t "), "");
}

TEST(Markdown, RawHtmlIsShownAsText) {
    const std::string out = render_markdown("hi <script>alert(1)</script> <b>x</b>");
    EXPECT_NE(out.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << out;
    EXPECT_NE(out.find("&lt;b&gt;x&lt;/b&gt;"), std::string::npos) << out;
    EXPECT_FALSE(has_live_markup(out)) << out;

    const std::string block = render_markdown("<div onclick=\"steal()\">\nblock\n</div>");
    EXPECT_EQ(block.find("<div"), std::string::npos) << block;
    EXPECT_FALSE(has_live_markup(block)) << block;
}

TEST(Markdown, LinksOpenInANewTabAndOnlySafeSchemesSurvive) {
    const std::string ok = render_markdown("[site](https://example.com/a?b=1&c=2)");
    EXPECT_EQ(ok, "<p><a target=\"_blank\" rel=\"noopener noreferrer\" href=\"https://example.com/a?b=1&amp;c=2\">site</a></p>");

    for (const char* evil : {"[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))",
                             "[x](<java\tscript:alert(1)>)", "[x](data:text/html;base64,PHNjcmlwdD4=)",
                             "[x](vbscript:msgbox)", "<javascript:alert(1)>"}) {
        const std::string out = render_markdown(evil);
        EXPECT_EQ(out.find("href"), std::string::npos) << evil << " -> " << out;
        EXPECT_FALSE(has_live_markup(out)) << out;
    }
    EXPECT_NE(render_markdown("[x](javascript:alert(1))").find(">x<"), std::string::npos);  // words kept
}

TEST(Markdown, AutolinksUrlsAndEmails) {
    const std::string out = render_markdown("see https://example.com and www.example.org or me@example.net");
    EXPECT_NE(out.find("href=\"https://example.com\""), std::string::npos) << out;
    EXPECT_NE(out.find("href=\"http://www.example.org\""), std::string::npos) << out;
    EXPECT_NE(out.find("href=\"mailto:me@example.net\""), std::string::npos) << out;
    EXPECT_FALSE(has_live_markup(out));
}

TEST(Markdown, ImagesBecomeLinks) {
    const std::string out = render_markdown("![cat](https://example.com/cat.png)");
    EXPECT_EQ(out.find("<img"), std::string::npos) << out;
    EXPECT_NE(out.find("href=\"https://example.com/cat.png\""), std::string::npos) << out;
    const std::string evil = render_markdown("![x](javascript:alert(1))");
    EXPECT_EQ(evil.find("href"), std::string::npos) << evil;
}

TEST(Markdown, AttributeBreakoutIsEscaped) {
    const std::string out = render_markdown("[x](https://e.com/\"onmouseover=\"alert(1))");
    EXPECT_FALSE(has_live_markup(out)) << out;
}

TEST(Markdown, YoutubeLinksGetAtMostThreeEmbeds) {
    const std::string one = render_markdown("watch https://www.youtube.com/watch?v=dQw4w9WgXcQ now");
    EXPECT_NE(one.find("<iframe class=\"youtube-embed\""), std::string::npos) << one;
    EXPECT_NE(one.find("src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\""), std::string::npos);
    EXPECT_FALSE(has_live_markup(one));

    EXPECT_EQ(youtube_video_ids("https://youtu.be/aaaaaaaaaaa https://youtu.be/aaaaaaaaaaa", 3).size(), 1u);
    EXPECT_EQ(youtube_video_ids("youtu.be/aaaaaaaaaaa youtu.be/bbbbbbbbbbb youtu.be/ccccccccccc youtu.be/ddddddddddd", 3).size(), 3u);
    EXPECT_TRUE(youtube_video_ids("https://notyoutube.com/watch?v=aaaaaaaaaaa", 3).empty());
    EXPECT_TRUE(youtube_video_ids("https://youtu.be/short", 3).empty());
    EXPECT_TRUE(youtube_video_ids("https://youtu.be/aaaaaaaaaaaa", 3).empty());  // 12 chars
}

TEST(Markdown, EscapeHtmlCoversAttributeContexts) {
    EXPECT_EQ(escape_html("<a href=\"x\" title='y'>&</a>"), "&lt;a href=&#34;x&#34; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
}

TEST(SanitizeCheck, CatchesWhatItShould) {
    EXPECT_TRUE(has_live_markup("<script>x</script>"));
    EXPECT_TRUE(has_live_markup("<p onclick=\"x\">a</p>"));
    EXPECT_TRUE(has_live_markup("<a href=\"javascript:x\">a</a>"));
    EXPECT_TRUE(has_live_markup("<img src=\"x\">"));
    EXPECT_TRUE(has_live_markup("<iframe src=\"https://evil.example/\"></iframe>"));
    EXPECT_TRUE(has_live_markup("<!-- x -->"));
    EXPECT_FALSE(has_live_markup("<p>a &lt;script&gt;</p>"));
    EXPECT_FALSE(has_live_markup("<p><a target=\"_blank\" href=\"https://x\">x</a></p>"));
}
