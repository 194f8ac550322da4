#include "auth/turn_credentials.hpp"

#include <gtest/gtest.h>

using namespace barertc::auth;

// The expected credentials were computed outside our code, with the OpenSSL command line tool,
// the way coturn's documentation describes the scheme:
//   printf '%s' '1700086400:alice' | openssl dgst -sha1 -hmac 'north wind secret' -binary | base64
//   printf '%s' '1700000060:Bob 2' | openssl dgst -sha1 -hmac 'north wind secret' -binary | base64

TEST(TurnCredentials, UserNameIsExpiryColonChatName) {
    const TurnCredential c = make_turn_credential("north wind secret", "alice", 1'700'000'000, 86'400);
    EXPECT_EQ(c.username, "1700086400:alice");
    EXPECT_EQ(c.expires, 1'700'086'400);
}

TEST(TurnCredentials, PasswordIsBase64HmacSha1OfTheUserName) {
    EXPECT_EQ(make_turn_credential("north wind secret", "alice", 1'700'000'000, 86'400).credential,
              "bpwvh7///g/L3/Ta1j3sDNqQaWk=");
    EXPECT_EQ(make_turn_credential("north wind secret", "Bob 2", 1'700'000'000, 60).credential,
              "1LdgetaovYcr1zHnleZdJIlp+og=");
}

TEST(TurnCredentials, DependOnSecretUserAndTime) {
    const TurnCredential base = make_turn_credential("s1", "alice", 1000, 60);
    EXPECT_NE(base.credential, make_turn_credential("s2", "alice", 1000, 60).credential);
    EXPECT_NE(base.credential, make_turn_credential("s1", "alicf", 1000, 60).credential);
    EXPECT_NE(base.credential, make_turn_credential("s1", "alice", 1001, 60).credential);
    EXPECT_EQ(base, make_turn_credential("s1", "alice", 1000, 60));
}
