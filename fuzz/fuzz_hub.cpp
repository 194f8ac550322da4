// A whole room driven by hostile clients: the input is split into frames, each sent by one of
// three connections (the first byte of a line picks which). The hub must never crash, and
// every frame it sends must be valid JSON.
#include "chat/hub.hpp"

#include <boost/json/parse.hpp>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

namespace {

using namespace barertc;

struct CheckingPeer : chat::Peer {
    bool closed = false;
    chat::SendStatus send(protocol::Frame frame) override {
        if (closed) return chat::SendStatus::closed;
        boost::json::error_code ec;
        (void)boost::json::parse(*frame, ec);
        if (ec) std::abort();
        return chat::SendStatus::queued;
    }
    void close(chat::CloseReason) override { closed = true; }
};

config::Settings room() {
    config::Settings s;
    s.public_channels = {config::PublicChannel{"lobby", "Lobby", "", false, true, {}, 5},
                         config::PublicChannel{"vip", "VIPs", "", true, false, {}, 0}};
    s.jwt.secret_key = "k";
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    chat::HubOptions options;
    options.unix_now = [] { return std::int64_t{1'700'000'000}; };
    double clock = 1000.0;
    options.steady_now = [&clock] { return clock += 0.01; };
    chat::Hub hub(room(), options);
    std::vector<std::unique_ptr<CheckingPeer>> peers;
    std::vector<chat::ClientId> ids;
    for (int i = 0; i < 3; ++i) {
        peers.push_back(std::make_unique<CheckingPeer>());
        ids.push_back(hub.connect(*peers.back(), "127.0.0." + std::to_string(i + 1)));
    }
    // Two of them are logged in, so the interesting paths are reachable quickly.
    hub.receive(ids[0], R"({"action":"login","username":"alice"})");
    hub.receive(ids[1], R"({"action":"login","username":"bob","features":["whoDelta"]})");

    std::string_view input(reinterpret_cast<const char*>(data), size);
    while (!input.empty()) {
        const std::size_t nl = input.find('\n');
        std::string_view line = input.substr(0, nl);
        input = nl == std::string_view::npos ? std::string_view{} : input.substr(nl + 1);
        if (line.empty()) continue;
        const std::size_t who = static_cast<unsigned char>(line[0]) % 4;
        line.remove_prefix(1);
        if (who == 3) {
            hub.flush_who();
            continue;
        }
        if (peers[who]->closed) continue;
        hub.receive(ids[who], line);
    }
    hub.flush_who();
    hub.send_pings();
    for (chat::ClientId id : ids) hub.disconnect(id);
    return 0;
}
