// Webcams: broadcasting flags, per-viewer masking, open/ring and the signaling relay.
#include "test_server.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

using namespace barertc::testing;

namespace {

// The video flags of `name` in the next who list or delta `viewer` receives that shows them.
std::int64_t video_of(WsClient& viewer, const std::string& name, std::int64_t expected) {
    std::int64_t seen = -1;
    viewer.wait_for([&](const Json& m) {
        const std::string a = str(m, "action");
        if (a != "who" && a != "who-delta") return false;
        for (const char* key : {"whoList", "changed", "joined"}) {
            auto it = m.find(key);
            if (it == m.end()) continue;
            for (const auto& row : it->value().as_array())
                if (str(row.as_object(), "username") == name) seen = num(row.as_object(), "video");
        }
        return seen == expected;
    }, name + " with video " + std::to_string(expected));
    return seen;
}

void go_live(WsClient& c, int flags = 1) {
    c.send(Json{{"action", "me"}, {"video", flags}, {"status", "online"}});
}

}  // namespace

TEST(Video, OpenRingsTheBroadcasterAndSignalingIsRelayedVerbatim) {
    TestServer server(default_test_settings());
    WsClient alice(server.port()), bob(server.port());
    alice.login("alice");
    bob.login("bob");
    go_live(alice);
    video_of(bob, "alice", 1);

    bob.send(Json{{"action", "open"}, {"username", "alice"}});
    Json open = bob.wait_action("open");
    EXPECT_EQ(str(open, "username"), "alice");
    Json ring = alice.wait_action("ring");
    EXPECT_EQ(str(ring, "username"), "bob");
    EXPECT_EQ(str(ring, "openSecret"), str(open, "openSecret"));
    EXPECT_EQ(str(open, "openSecret").size(), 16u);

    // Key order inside the opaque payload must survive (Safari is picky).
    const std::string offer = R"({"type":"offer","sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"})";
    bob.send(Json{{"action", "sdp"}, {"username", "alice"}, {"description", offer}});
    Json sdp = alice.wait_action("sdp");
    EXPECT_EQ(str(sdp, "username"), "bob");
    EXPECT_EQ(str(sdp, "description"), offer);

    const std::string cand = R"({"candidate":"candidate:1 1 udp 1 127.0.0.1 5000 typ host","sdpMid":"0"})";
    alice.send(Json{{"action", "candidate"}, {"username", "bob"}, {"candidate", cand}});
    Json c = bob.wait_action("candidate");
    EXPECT_EQ(str(c, "username"), "alice");
    EXPECT_EQ(str(c, "candidate"), cand);

    bob.send(Json{{"action", "watch"}, {"username", "alice"}});
    EXPECT_EQ(str(alice.wait_action("watch"), "username"), "bob");
    bob.send(Json{{"action", "unwatch"}, {"username", "alice"}});
    EXPECT_EQ(str(alice.wait_action("unwatch"), "username"), "bob");
}

TEST(Video, SignalingWithoutAnOpenCameraIsRefused) {
    TestServer server(default_test_settings());
    WsClient alice(server.port()), mallory(server.port());
    alice.login("alice");
    mallory.login("mallory");
    mallory.send(Json{{"action", "sdp"}, {"username", "alice"}, {"description", "{}"}});
    Json err = mallory.wait_action("error");
    EXPECT_NE(str(err, "message").find("open their camera first"), std::string::npos);
    // Alice got nothing: her next message is one Mallory posts afterwards.
    mallory.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "marker"}});
    alice.wait_for([](const Json& m) {
        EXPECT_NE(str(m, "action"), "sdp");
        return str(m, "action") == "message";
    }, "the marker");
}

TEST(Video, OpeningACameraThatIsOffOrMutualOnlyIsRefused) {
    TestServer server(default_test_settings());
    WsClient alice(server.port()), bob(server.port());
    alice.login("alice");
    bob.login("bob");
    bob.send(Json{{"action", "open"}, {"username", "alice"}});
    EXPECT_NE(str(bob.wait_action("error"), "message").find("not broadcasting"), std::string::npos);
    go_live(alice, 1 | 16);  // mutual required
    video_of(bob, "alice", 17);
    bob.send(Json{{"action", "open"}, {"username", "alice"}});
    EXPECT_NE(str(bob.wait_action("error"), "message").find("on camera too"), std::string::npos);
    go_live(bob);
    video_of(alice, "bob", 1);
    bob.send(Json{{"action", "open"}, {"username", "alice"}});
    EXPECT_EQ(str(bob.wait_action("open"), "username"), "alice");
}

TEST(Video, MutedAndBootedViewersSeeTheCameraOffAndCannotOpenIt) {
    TestServer server(default_test_settings());
    WsClient alice(server.port()), bob(server.port()), carol(server.port());
    alice.login("alice");
    bob.login("bob");
    carol.login("carol");
    go_live(alice);
    video_of(bob, "alice", 1);
    alice.send(Json{{"action", "boot"}, {"username", "bob"}});
    video_of(bob, "alice", 0);
    video_of(carol, "alice", 1);
    bob.send(Json{{"action", "open"}, {"username", "alice"}});
    EXPECT_NE(str(bob.wait_action("error"), "message").find("not sharing"), std::string::npos);
    alice.send(Json{{"action", "unboot"}, {"username", "bob"}});
    video_of(bob, "alice", 1);
    alice.send(Json{{"action", "mute"}, {"username", "carol"}});
    video_of(carol, "alice", 0);
}

TEST(Video, InvitedViewersGetTheInvitedBitAndBypassMutualRequired) {
    TestServer server(default_test_settings());
    WsClient alice(server.port()), bob(server.port());
    alice.login("alice");
    bob.login("bob");
    go_live(alice, 1 | 16);
    alice.send(Json{{"action", "video-invite"}, {"usernames", boost::json::array{"bob"}}});
    video_of(bob, "alice", 1 | 16 | 128);
    bob.send(Json{{"action", "open"}, {"username", "alice"}});
    EXPECT_EQ(str(bob.wait_action("open"), "username"), "alice");
}

TEST(Video, TheServerOwnsTheInvitedBitAndVipOnlyNeedsVip) {
    TestServer server(default_test_settings());
    WsClient alice(server.port()), bob(server.port());
    alice.login("alice");
    bob.login("bob");
    go_live(alice, 1 | 64 | 128);  // a guest cannot claim VIP-only, nor invite herself
    video_of(bob, "alice", 1);
}
