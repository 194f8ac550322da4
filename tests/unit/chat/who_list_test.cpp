#include "fake_room.hpp"

#include <gtest/gtest.h>

using namespace barertc::chat;
using namespace barertc::chat::test;
using boost::json::object;

TEST(WhoList, ChangesAreCoalescedIntoOneUpdatePerRecipientPerFlush) {
    FakeRoom room;
    for (const char* n : {"a", "b", "c", "d", "e"}) room.join(n);
    room.send("a", object{{"action", "me"}, {"video", 1}, {"status", "away"}});
    room.send("b", object{{"action", "me"}, {"video", 0}, {"status", "busy"}});
    // Each user so far has exactly the list it got at its own login.
    for (const char* n : {"a", "b", "c", "d", "e"}) EXPECT_EQ(room.peer(n).messages("who").size(), 1u) << n;
    EXPECT_TRUE(room.hub.who_pending());
    room.hub.flush_who();
    for (const char* n : {"a", "b", "c", "d", "e"}) {
        auto lists = room.peer(n).messages("who");
        ASSERT_EQ(lists.size(), 2u) << n;
        EXPECT_EQ(lists.back()["whoList"].as_array().size(), 5u);
        EXPECT_EQ(video_in(lists.back(), "a"), 1);
    }
    EXPECT_FALSE(room.hub.who_pending());
    room.clear_all();
    room.hub.flush_who();  // nothing changed: nothing sent
    for (const char* n : {"a", "b", "c", "d", "e"}) EXPECT_TRUE(room.peer(n).frames.empty());
}

TEST(WhoList, PlainViewersShareOneEncodedBuffer) {
    FakeRoom room;
    for (const char* n : {"a", "b", "c", "d"}) room.join(n);
    room.send("a", object{{"action", "boot"}, {"username", "b"}});
    room.clear_all();
    room.send("c", object{{"action", "me"}, {"video", 1}, {"status", "online"}});
    room.hub.flush_who();
    const auto* shared = room.peer("c").frames.back().get();
    EXPECT_EQ(room.peer("d").frames.back().get(), shared);
    EXPECT_EQ(room.peer("a").frames.back().get(), shared);
    EXPECT_NE(room.peer("b").frames.back().get(), shared) << "b is booted by a: its own view";
}

TEST(WhoList, BootedAndMutedViewersSeeTheCameraOffButOperatorsDoNot) {
    auto settings = room_settings();
    FakeRoom room(settings);
    room.join("alice");
    room.join("bob");
    room.send("alice", object{{"action", "me"}, {"video", 1 | 32}, {"status", "online"}});
    room.send("alice", object{{"action", "mute"}, {"username", "bob"}});
    room.hub.flush_who();
    EXPECT_EQ(video_in(room.peer("bob").messages("who").back(), "alice"), 0);
    EXPECT_EQ(video_in(room.peer("alice").messages("who").back(), "alice"), 33);
}

TEST(WhoList, HiddenUsersAreListedToNobodyAndOnlyOperatorsMayHide) {
    FakeRoom room;
    room.join("alice");
    room.join("bob");
    room.send("bob", object{{"action", "me"}, {"status", "hidden"}});
    room.hub.flush_who();
    auto rows = room.peer("alice").messages("who").back()["whoList"].as_array();
    bool bob_away = false;
    for (auto& r : rows)
        if (r.as_object()["username"] == "bob") bob_away = r.as_object()["status"] == "away";
    EXPECT_TRUE(bob_away) << "a guest asking for hidden is stored as away";
}

TEST(WhoList, DeltaClientsLearnJoinsChangesAndLeaves) {
    FakeRoom room;
    room.join("alice", {"whoDelta"});
    room.join("bob");
    room.hub.flush_who();
    auto deltas = room.peer("alice").messages("who-delta");
    ASSERT_EQ(deltas.size(), 1u);
    EXPECT_EQ(deltas[0]["joined"].as_array()[0].as_object()["username"], "bob");
    room.peer("alice").clear();
    room.hub.disconnect(room.ids["bob"]);
    room.hub.flush_who();
    deltas = room.peer("alice").messages("who-delta");
    ASSERT_EQ(deltas.size(), 1u);
    EXPECT_EQ(deltas[0]["left"].as_array()[0], "bob");
    EXPECT_EQ(room.peer("alice").messages("who").size(), 0u) << "no full list after the first";
}

TEST(WhoList, ABlockTurnsIntoALeaveForTheBlockedDeltaClient) {
    FakeRoom room;
    room.join("alice", {"whoDelta"});
    room.join("bob");
    room.hub.flush_who();
    room.peer("alice").clear();
    room.send("bob", object{{"action", "block"}, {"username", "alice"}});
    room.hub.flush_who();
    auto deltas = room.peer("alice").messages("who-delta");
    ASSERT_EQ(deltas.size(), 1u);
    EXPECT_EQ(deltas[0]["left"].as_array()[0], "bob");
}

namespace {

// The row of `name` in a who-delta's `key` array (joined/changed), or nullptr.
const boost::json::object* delta_row(const object& delta, const char* key, const std::string& name) {
    auto it = delta.find(key);
    if (it == delta.end()) return nullptr;
    for (const auto& row : it->value().as_array())
        if (row.as_object().at("username").as_string() == name) return &row.as_object();
    return nullptr;
}

}  // namespace

TEST(WhoList, ManyChangesOfOneUserReachADeltaClientAsOneRowWithTheLatestState) {
    FakeRoom room;
    room.join("alice", {"whoDelta"});
    room.join("bob");
    room.hub.flush_who();
    room.peer("alice").clear();
    room.send("bob", object{{"action", "me"}, {"video", 1}, {"status", "away"}});
    room.send("bob", object{{"action", "me"}, {"video", 0}, {"status", "busy"}});
    room.send("bob", object{{"action", "me"}, {"video", 1}, {"status", "online"}});
    room.hub.flush_who();
    auto deltas = room.peer("alice").messages("who-delta");
    ASSERT_EQ(deltas.size(), 1u);
    ASSERT_EQ(deltas[0]["changed"].as_array().size(), 1u);
    const auto* bob = delta_row(deltas[0], "changed", "bob");
    ASSERT_NE(bob, nullptr);
    EXPECT_EQ(bob->at("video").as_int64(), 1);
    EXPECT_EQ(bob->at("status").as_string(), "online");
}

TEST(WhoList, AUserWhoJoinsAndLeavesWithinOneWindowIsNeverSentToAnyone) {
    FakeRoom room;
    room.join("alice", {"whoDelta"});
    room.join("bob");
    room.hub.flush_who();
    room.clear_all();
    room.join("carol");
    room.hub.disconnect(room.ids["carol"]);
    room.hub.flush_who();
    for (const auto& d : room.peer("alice").messages("who-delta")) {
        EXPECT_EQ(delta_row(d, "joined", "carol"), nullptr);
        EXPECT_EQ(delta_row(d, "changed", "carol"), nullptr);
    }
    for (const auto& w : room.peer("bob").messages("who")) EXPECT_EQ(video_in(w, "carol"), -1);
}

TEST(WhoList, AnInvitedViewerSeesTheInviteFlagInItsOwnListOnly) {
    FakeRoom room;
    for (const char* n : {"alice", "bob", "carol", "dave"}) room.join(n);
    room.send("alice", object{{"action", "me"}, {"video", 1}, {"status", "online"}});
    room.send("alice", object{{"action", "video-invite"}, {"usernames", boost::json::array{"bob"}}});
    room.clear_all();
    room.hub.flush_who();
    using barertc::protocol::video_flag::kInvited;
    EXPECT_EQ(video_in(room.peer("bob").messages("who").back(), "alice"), 1 | kInvited);
    EXPECT_EQ(video_in(room.peer("carol").messages("who").back(), "alice"), 1);
    // The masked row never leaks into the list the others share.
    EXPECT_NE(room.peer("bob").frames.back().get(), room.peer("carol").frames.back().get());
    EXPECT_EQ(room.peer("carol").frames.back().get(), room.peer("dave").frames.back().get());
}

TEST(WhoList, AMutedDeltaClientGetsTheCameraOffInItsChangedRow) {
    FakeRoom room;
    room.join("alice");
    room.join("bob", {"whoDelta"});
    room.join("carol", {"whoDelta"});
    room.send("alice", object{{"action", "mute"}, {"username", "bob"}});
    room.hub.flush_who();
    room.clear_all();
    room.send("alice", object{{"action", "me"}, {"video", 1}, {"status", "online"}});
    room.hub.flush_who();
    auto to_bob = room.peer("bob").messages("who-delta");
    auto to_carol = room.peer("carol").messages("who-delta");
    ASSERT_EQ(to_bob.size(), 1u);
    ASSERT_EQ(to_carol.size(), 1u);
    ASSERT_NE(delta_row(to_bob[0], "changed", "alice"), nullptr);
    ASSERT_NE(delta_row(to_carol[0], "changed", "alice"), nullptr);
    EXPECT_EQ(delta_row(to_bob[0], "changed", "alice")->at("video").as_int64(), 0);
    EXPECT_EQ(delta_row(to_carol[0], "changed", "alice")->at("video").as_int64(), 1);
}

TEST(DeferredPresence, OthersGetJoinNoticesWithTheNextWhoUpdateInOrderAndTheNewcomerAtOnce) {
    FakeRoom room;
    FakePeer& alice = room.join("alice");
    room.hub.flush_who();
    alice.clear();
    FakePeer& bob = room.join("bob");
    FakePeer& carol = room.join("carol");
    // The newcomers' own login sequences are complete at once...
    ASSERT_FALSE(bob.messages("presence").empty());
    EXPECT_EQ(bob.messages("presence").front()["username"], "bob");
    // ...while the room hears of them with the next flush, in the order they came.
    EXPECT_TRUE(alice.messages("presence").empty());
    EXPECT_TRUE(room.hub.who_pending());
    room.hub.flush_who();
    auto heard = alice.messages("presence");
    ASSERT_EQ(heard.size(), 2u);
    EXPECT_EQ(heard[0]["username"], "bob");
    EXPECT_EQ(heard[1]["username"], "carol");
    EXPECT_FALSE(alice.messages("who").empty()) << "and the who-list update with them";
    EXPECT_EQ(carol.messages("presence").size(), 1u) << "carol heard only of herself: bob came before";
    room.hub.flush_who();
    EXPECT_EQ(alice.messages("presence").size(), 2u) << "nothing is delivered twice";
}

TEST(WhoDelta, PlainDeltaViewersShareOneBufferAndMaskedViewersStillGetTheirOwn) {
    FakeRoom room;
    for (const char* n : {"a", "b", "c", "d"}) room.join(n, {"whoDelta"});
    room.hub.flush_who();
    room.send("a", object{{"action", "boot"}, {"username", "b"}});
    room.hub.flush_who();
    room.clear_all();
    room.send("a", object{{"action", "me"}, {"video", 1}, {"status", "online"}});
    room.hub.flush_who();
    auto delta_of = [&](const char* n) { return room.peer(n).messages("who-delta"); };
    ASSERT_EQ(delta_of("c").size(), 1u);
    const auto* shared = room.peer("c").frames.back().get();
    EXPECT_EQ(room.peer("d").frames.back().get(), shared) << "c and d see the same change";
    // b, booted by a, still sees a's camera as off: its delta is its own.
    ASSERT_EQ(delta_of("b").size(), 1u);
    EXPECT_NE(room.peer("b").frames.back().get(), shared);
    EXPECT_EQ(video_in(delta_of("b").back(), "a", "changed"), 0);
    EXPECT_EQ(video_in(delta_of("c").back(), "a", "changed"), 1);
}
