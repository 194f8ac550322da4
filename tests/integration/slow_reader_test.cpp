// The outbound queue bound (ours.md "Slow readers"): a client that stops reading is cut off with
// 1008 once its queue is full, and everyone who reads gets every message, in order.
#include "test_server.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

using namespace barertc::testing;

TEST(SlowReader, AReaderThatStopsIsDisconnectedAndNobodyElseMissesAMessage) {
    // Flood control raised: this test posts thousands of messages from one user on purpose.
    TestServer server(default_test_settings("\n[Limits]\nMessageBurst = 1000000\nMessagesPerMinute = 60000000\n"));
    WsClient sender(server.port());
    sender.login("sender");
    // Enough readers that each message's writes leave through the server's batched path
    // (io_uring, server/send_ring.hpp), where the sleeper's full socket must answer
    // "would block" without holding up the others' writes in the same batch.
    std::vector<std::unique_ptr<WsClient>> readers;
    for (int i = 0; i < 4; ++i) {
        readers.push_back(std::make_unique<WsClient>(server.port()));
        readers.back()->login("reader" + std::to_string(i));
    }
    WsClient& reader = *readers.front();
    WsClient sleeper(server.port());
    sleeper.login("sleeper");
    // From here on `sleeper` reads nothing: its socket buffers fill, then its server-side queue.

    const std::string padding(3900, 'x');
    auto is_message = [](const Json& m) { return str(m, "action") == "message"; };
    int sent = 0;
    // The queue bound is 8 MiB plus whatever the kernel buffers; 4 KB messages get there in a
    // few thousand. The bound on the loop only keeps a broken server from hanging the test.
    while (server.log().find("too slow to keep up") == std::string::npos) {
        ASSERT_LT(sent, 20000) << "the sleeping reader was never disconnected";
        for (int i = 0; i < 50; ++i, ++sent)
            sender.send(Json{{"action", "message"}, {"channel", "lobby"},
                             {"message", "n" + std::to_string(sent) + " " + padding}});
        // The sender and the reader read promptly (the sender gets its own messages back).
        for (int i = sent - 50; i < sent; ++i) {
            const std::string tag = "n" + std::to_string(i) + " ";
            std::vector<WsClient*> prompt{&sender};
            for (auto& r : readers) prompt.push_back(r.get());
            for (WsClient* c : prompt) {
                Json m = c->wait_for(is_message, "message " + std::to_string(i));
                ASSERT_NE(str(m, "message").find(tag), std::string::npos)
                    << "message " << i << " missing or out of order";
            }
        }
    }
    for (auto& r : readers) EXPECT_FALSE(r->closed());
    EXPECT_FALSE(sender.closed());

    // The sleeper wakes up: whatever was already on its way, then the close code 1008.
    int received = 0;
    while (auto m = sleeper.next()) received += is_message(*m);
    EXPECT_TRUE(sleeper.closed());
    EXPECT_EQ(sleeper.close_reason().code, 1008);
    EXPECT_LT(received, sent) << "it was cut off, so it cannot have everything";

    // The others carry on.
    sender.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "after"}});
    Json after = reader.wait_for(is_message, "the message after the drop");
    EXPECT_NE(str(after, "message").find("after"), std::string::npos);
}
