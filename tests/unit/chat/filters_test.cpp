// [[MessageFilters]]: censoring, holding back, replying and reporting (compat §2.7).
#include "fake_room.hpp"

#include "chat/message_filter.hpp"

#include <gtest/gtest.h>

using namespace barertc::chat;
using namespace barertc::chat::test;
using barertc::config::MessageFilter;
using boost::json::object;

namespace {

struct FilterReports : ReportService {
    bool on = true;
    std::vector<Report> sent;
    bool enabled() const override { return on; }
    void send(Report r, std::function<void(bool, std::string)> done) override {
        sent.push_back(std::move(r));
        done(true, "");
    }
};

MessageFilter filter(std::vector<std::string> phrases) {
    MessageFilter f;
    f.enabled = true;
    f.public_channels = true;
    f.private_channels = true;
    f.keyword_phrases = std::move(phrases);
    f.censor_message = true;
    f.forward_message = true;
    return f;
}

class FilterRoom {
public:
    explicit FilterRoom(std::vector<MessageFilter> filters, bool jwt = false) {
        auto s = room_settings();
        s.message_filters = std::move(filters);
        if (jwt) {
            s.jwt.enabled = true;
            s.jwt.strict = false;
            s.jwt.secret_key = "k";
        }
        HubOptions o = FakeRoom::options();
        o.reports = &reports;
        hub = std::make_unique<Hub>(std::move(s), o);
    }
    FakePeer& join(const std::string& name, bool op = false) {
        auto& peer = *(peers[name] = std::make_unique<FakePeer>());
        ids[name] = hub->connect(peer, "127.0.0.1");
        object login{{"action", "login"}, {"username", name}};
        if (op) {
            barertc::auth::Claims c;
            c.subject = name;
            c.op = true;
            login["jwt"] = barertc::auth::sign_jwt(c, "k", 1'700'000'000, 300);
        }
        hub->receive(ids[name], boost::json::serialize(login));
        peer.clear();
        return peer;
    }
    void say(const std::string& who, const std::string& channel, const std::string& text) {
        hub->receive(ids.at(who), boost::json::serialize(object{
                                      {"action", "message"}, {"channel", channel}, {"message", text}}));
    }
    FakePeer& peer(const std::string& name) { return *peers.at(name); }
    std::vector<std::string> texts(const std::string& name) {
        std::vector<std::string> out;
        for (auto& m : peer(name).messages("message")) out.emplace_back(m["message"].as_string());
        return out;
    }
    std::vector<std::string> notices(const std::string& name) {
        std::vector<std::string> out;
        for (auto& m : peer(name).messages("error")) out.emplace_back(m["message"].as_string());
        return out;
    }

    FilterReports reports;
    std::unique_ptr<Hub> hub;
    std::map<std::string, std::unique_ptr<FakePeer>> peers;
    std::map<std::string, ClientId> ids;
};

}  // namespace

TEST(MessageFilters, CensorsEachMatchWithOneStarPerCharacter) {
    MessageFilters filters({filter({"\\bdarn\\b", "héck"})});
    auto v = filters.check("<p>Darn it, what the héck</p>", false);
    ASSERT_TRUE(v.matched);
    EXPECT_EQ(v.html, "<p>**** it, what the ****</p>");
    EXPECT_TRUE(v.forward);
    EXPECT_FALSE(filters.check("<p>darning socks</p>", false).matched);
}

TEST(MessageFilters, CensoringNeverTouchesTagsQuotesOrEntities) {
    MessageFilters filters({filter({"a", "\"", "amp"})});
    auto v = filters.check("<a href=\"https://a.example/?x=1&amp;y\">a &amp; b</a>", false);
    ASSERT_TRUE(v.matched);
    EXPECT_EQ(v.html, "<a href=\"https://*.ex***le/?x=1&amp;y\">* &amp; b</a>");
}

TEST(MessageFilters, InvalidPhrasesAreSkippedAndTheRestStillWork) {
    MessageFilters filters({filter({"(unclosed", "(?<=lookbehind)x", "fine"})});
    EXPECT_EQ(filters.compiled_phrases(), 1u);
    EXPECT_TRUE(filters.check("<p>fine</p>", false).matched);
}

TEST(MessageFilters, DisabledFiltersAndTheWrongKindOfChannelDoNotApply) {
    auto off = filter({"x"});
    off.enabled = false;
    auto dm_only = filter({"y"});
    dm_only.public_channels = false;
    MessageFilters filters({off, dm_only});
    EXPECT_FALSE(filters.check("x", false).matched);
    EXPECT_FALSE(filters.check("y", false).matched);
    EXPECT_TRUE(filters.check("y", true).matched);
}

TEST(MessageFilters, TheFirstMatchingFilterDecides) {
    auto first = filter({"spam"});
    first.censor_message = false;
    first.forward_message = false;
    first.chat_server_response = "first";
    auto second = filter({"spam"});
    second.chat_server_response = "second";
    auto v = MessageFilters({first, second}).check("spam", false);
    EXPECT_EQ(v.response, "first");
    EXPECT_FALSE(v.forward);
    EXPECT_EQ(v.html, "spam");
}

TEST(MessageFilters, ACensoredPublicMessageArrivesCensoredWithANoticeToTheSender) {
    auto f = filter({"\\bdarn\\b"});
    f.chat_server_response = "Please be nice.";
    FilterRoom room({f});
    room.join("alice");
    room.join("bob");
    room.say("alice", "lobby", "oh darn");
    EXPECT_EQ(room.texts("bob"), std::vector<std::string>{"<p>oh ****</p>"});
    EXPECT_EQ(room.texts("alice"), std::vector<std::string>{"<p>oh ****</p>"});
    EXPECT_EQ(room.notices("alice"), std::vector<std::string>{"Please be nice."});
    EXPECT_TRUE(room.notices("bob").empty());
    EXPECT_TRUE(room.reports.sent.empty());
}

TEST(MessageFilters, AHeldBackMessageReachesOnlyItsSenderAndIsNotEchoed) {
    auto f = filter({"buy followers"});
    f.censor_message = false;
    f.forward_message = false;
    f.chat_server_response = "Held back.";
    FilterRoom room({f});
    room.join("alice");
    room.join("bob");
    room.say("alice", "lobby", "buy followers here");
    room.say("alice", "@bob", "buy followers here");
    EXPECT_TRUE(room.texts("bob").empty());
    EXPECT_EQ(room.texts("alice").size(), 2u);
    EXPECT_EQ(room.notices("alice"), (std::vector<std::string>{"Held back.", "Held back."}));
    FakePeer fresh;
    auto id = room.hub->connect(fresh, "127.0.0.1");
    room.hub->receive(id, R"({"action":"login","username":"dave"})");
    auto echo = fresh.messages("echo");
    ASSERT_EQ(echo.size(), 1u);
    auto messages = echo[0].find("messages");
    EXPECT_TRUE(messages == echo[0].end() || messages->value().as_array().empty());
}

TEST(MessageFilters, AReportingFilterFilesAReportWithRecentContext) {
    auto f = filter({"badword"});
    f.report_message = true;
    f.censor_message = false;
    FilterRoom room({f});
    room.join("alice");
    room.join("bob");
    room.say("bob", "lobby", "hello there");
    room.say("alice", "lobby", "a badword");
    ASSERT_EQ(room.reports.sent.size(), 1u);
    const Report& r = room.reports.sent[0];
    EXPECT_EQ(r.reason, "Server Side Message Filter");
    EXPECT_EQ(r.about_username, "alice");
    EXPECT_EQ(r.from_username, "ChatServer");
    EXPECT_EQ(r.channel, "lobby");
    EXPECT_EQ(r.message, "<p>a badword</p>");
    EXPECT_EQ(r.timestamp, "Tue, 14 Nov 2023 22:13:20 UTC");
    EXPECT_NE(r.comment.find("[bob] hello there"), std::string::npos);
    EXPECT_NE(r.comment.find("[alice] a badword"), std::string::npos);
    room.say("alice", "@bob", "another badword");
    ASSERT_EQ(room.reports.sent.size(), 2u);
    EXPECT_EQ(room.reports.sent[1].channel, "@bob");
    EXPECT_NE(room.reports.sent[1].comment.find("[alice] another badword"), std::string::npos);
}

TEST(MessageFilters, OperatorsAreToldInsteadOfReportedAndTheirDmsAreNotFiltered) {
    auto f = filter({"badword"});
    f.report_message = true;
    FilterRoom room({f}, /*jwt=*/true);
    room.join("mod", /*op=*/true);
    room.join("bob");
    room.say("mod", "lobby", "badword");
    EXPECT_TRUE(room.reports.sent.empty());
    ASSERT_FALSE(room.notices("mod").empty());
    EXPECT_NE(room.notices("mod").back().find("would have been reported"), std::string::npos);
    EXPECT_EQ(room.texts("bob").back(), "<p>*******</p>") << "public messages are still censored";
    room.say("bob", "@mod", "badword");
    room.say("mod", "@bob", "badword");
    EXPECT_EQ(room.texts("bob").back(), "<p>badword</p>");
    EXPECT_EQ(room.texts("mod").back(), "<p>badword</p>");
    EXPECT_TRUE(room.reports.sent.empty());
}
