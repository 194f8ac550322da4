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
