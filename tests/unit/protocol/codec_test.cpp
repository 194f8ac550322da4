#include "protocol/codec.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace barertc::protocol;

TEST(Codec, EncodingOmitsZeroValuesLikeTheOriginal) {
    Message m;
    m.action = "me";
    m.username = "alice";
    EXPECT_EQ(encode(m), R"({"action":"me","username":"alice"})");
    Message who;
    who.action = "who";
    EXPECT_EQ(encode(who), R"({"action":"who"})");
}

TEST(Codec, WhoEntriesKeepTheAlwaysPresentFields) {
    WhoEntry e;
    e.username = "bob";
    e.status = "online";
    EXPECT_EQ(encode_who_entry(e), R"({"username":"bob","status":"online","video":0,"loginAt":0,"op":false})");
}

TEST(Codec, StringsAreEscapedAndRoundTrip) {
    Message m;
    m.action = "message";
    m.message = "quote \" backslash \\ newline \n tab \t bell \x07 unicode é 😀";
    Message back = decode(encode(m)).message;
    EXPECT_EQ(back.message, m.message);
}

TEST(Codec, DecodesEveryClientField) {
    auto r = decode(R"({"action":"login","username":"a","jwt":"t","dnd":true,"video":5,"msgID":-451,
        "usernames":["x","y"],"features":["whoDelta"],"candidate":"{\"c\":1}","status":"away"})");
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.message.username, "a");
    EXPECT_TRUE(r.message.dnd);
    EXPECT_EQ(r.message.video, 5);
    EXPECT_EQ(r.message.msg_id, -451);
    EXPECT_EQ(r.message.usernames.size(), 2u);
    EXPECT_EQ(r.message.features[0], "whoDelta");
    EXPECT_EQ(r.message.candidate, R"({"c":1})");
}

TEST(Codec, FileBytesAsIntegerArrayOrBase64) {
    auto ints = decode(R"({"action":"file","bytes":[137,80,78,71]})");
    ASSERT_TRUE(ints.ok);
    EXPECT_EQ(ints.message.bytes, std::string("\x89PNG"));
    auto b64 = decode(R"({"action":"file","bytes":"iVBORw=="})");
    ASSERT_TRUE(b64.ok);
    EXPECT_EQ(b64.message.bytes.substr(0, 4), std::string("\x89PNG"));
    EXPECT_FALSE(decode(R"({"action":"file","bytes":[256]})").ok);
    EXPECT_FALSE(decode(R"({"action":"file","bytes":[-1]})").ok);
}

TEST(Codec, WrongTypesAndGarbageAreErrorsNotCrashes) {
    for (const char* bad : {"", "{", "null", "[]", "\"x\"", R"({"action":5})",
                            R"({"username":"no action"})", R"({"action":"me","video":"1"})",
                            R"({"action":"me","video":1.5})", R"({"action":"me","dnd":"yes"})",
                            R"({"action":"x","usernames":"a"})", R"({"action":"x","usernames":[1]})",
                            R"({"action":"me","video":99999999999})"}) {
        auto r = decode(bad);
        EXPECT_FALSE(r.ok) << bad;
        EXPECT_FALSE(r.error.empty()) << bad;
    }
}

TEST(Codec, DeepNestingIsRefused) {
    std::string deep = R"({"action":"x","a":)" + std::string(100, '[') + std::string(100, ']') + "}";
    EXPECT_FALSE(decode(deep).ok);
}

TEST(Codec, OversizedFieldsAreRefused) {
    DecodeLimits limits;
    limits.max_string_field = 10;
    EXPECT_FALSE(decode(R"({"action":"message","message":"01234567890"})", limits).ok);
    EXPECT_TRUE(decode(R"({"action":"message","message":"0123456789"})", limits).ok);
}
