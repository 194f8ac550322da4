// The POST /poll envelope: what is accepted, what is refused with which reason, and that the
// response is valid JSON around the frames the room queued.
#include "protocol/poll_envelope.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace barertc::protocol;

TEST(PollEnvelope, ReadsSessionFieldsAndHandsTheMessageOnAsJson) {
    auto r = decode_poll_request(
        R"({"username":"bob","session_id":"abc","msg":{"action":"message","channel":"lobby","message":"hi \"there\""}})");
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.request.username, "bob");
    EXPECT_EQ(r.request.session_id, "abc");
    EXPECT_EQ(r.request.action, "message");
    auto msg = decode(r.request.message);
    ASSERT_TRUE(msg.ok) << msg.error;
    EXPECT_EQ(msg.message.message, "hi \"there\"");
}

TEST(PollEnvelope, AbsentNullOrEmptyFieldsMeanNothingToSay) {
    for (const char* body : {R"({})", R"({"username":null,"session_id":"","msg":null})",
                             R"({"username":"a","session_id":"b","msg":{}})",
                             R"({"username":"a","session_id":"b","msg":{"action":""}})"}) {
        auto r = decode_poll_request(body);
        ASSERT_TRUE(r.ok) << body << ": " << r.error;
        EXPECT_TRUE(r.request.message.empty()) << body;
        EXPECT_TRUE(r.request.action.empty()) << body;
    }
}

TEST(PollEnvelope, RefusesWhatIsNotTheEnvelopeWithTheReason) {
    const std::pair<const char*, const char*> cases[] = {
        {"{\"username\":", "not valid JSON"},
        {"[1,2]", "must be a JSON object"},
        {R"({"username":["x"]})", "'username' must be a string"},
        {R"({"session_id":7})", "'session_id' must be a string"},
        {R"({"msg":"login"})", "'msg' must be a JSON object"},
    };
    for (const auto& [body, reason] : cases) {
        auto r = decode_poll_request(body);
        EXPECT_FALSE(r.ok) << body;
        EXPECT_NE(r.error.find(reason), std::string::npos) << body << " -> " << r.error;
    }
}

TEST(PollEnvelope, ResponseWrapsQueuedFramesAndEscapesTheName) {
    const std::string body = encode_poll_response(
        "bob \"the\" builder", "id-1", {make_frame(R"({"action":"ping"})"), make_frame(R"({"action":"who"})")});
    auto v = boost::json::parse(body).as_object();
    EXPECT_EQ(v.at("username").as_string(), "bob \"the\" builder");
    EXPECT_EQ(v.at("session_id").as_string(), "id-1");
    ASSERT_EQ(v.at("messages").as_array().size(), 2u);
    EXPECT_EQ(v.at("messages").as_array()[1].as_object().at("action").as_string(), "who");

    auto empty = boost::json::parse(encode_poll_response("", "", {})).as_object();
    EXPECT_FALSE(empty.contains("username"));
    EXPECT_FALSE(empty.contains("session_id"));
    EXPECT_TRUE(empty.at("messages").as_array().empty());
}

TEST(PollEnvelope, FindsTheNameInMeFramesOnly) {
    Message me;
    me.action = action::kMe;
    me.username = "bob 2";
    EXPECT_EQ(username_in_me_frame(encode(me)), "bob 2");
    Message message;
    message.action = action::kMessage;
    message.username = "alice";
    EXPECT_EQ(username_in_me_frame(encode(message)), std::nullopt);
}
