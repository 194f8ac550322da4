// A room for unit tests: a Hub with fake connections that record every frame.
#pragma once

#include "chat/hub.hpp"

#include <boost/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace barertc::chat::test {

struct FakePeer : Peer {
    std::vector<protocol::Frame> frames;
    bool closed = false;
    CloseReason reason = CloseReason::normal;

    SendStatus send(protocol::Frame frame) override {
        if (closed) return SendStatus::closed;
        frames.push_back(std::move(frame));
        return SendStatus::queued;
    }
    void close(CloseReason r) override {
        closed = true;
        reason = r;
    }
    std::vector<boost::json::object> messages(const std::string& action = "") const {
        std::vector<boost::json::object> out;
        for (const auto& f : frames) {
            auto o = boost::json::parse(*f).as_object();
            if (action.empty() || o["action"].as_string() == action) out.push_back(o);
        }
        return out;
    }
    void clear() { frames.clear(); }
};

inline config::Settings room_settings() {
    config::Settings s;
    s.public_channels = {config::PublicChannel{"lobby", "Lobby", "", false, false, {}, 5},
                         config::PublicChannel{"vip", "VIPs", "", true, false, {}, 0}};
    s.website_url = "https://site.example";
    return s;
}

class FakeRoom {
public:
    explicit FakeRoom(config::Settings settings = room_settings())
        : hub(std::move(settings), options()) {}

    static HubOptions options() {
        HubOptions o;
        o.unix_now = [] { return std::int64_t{1'700'000'000}; };
        o.steady_now = [] { return 1000.0; };  // frozen: rate buckets never refill
        return o;
    }

    ClientId connect(const std::string& key) {
        auto peer = std::make_unique<FakePeer>();
        ClientId id = hub.connect(*peer, "127.0.0.1");
        peers[key] = std::move(peer);
        ids[key] = id;
        return id;
    }
    void send(const std::string& key, const boost::json::object& msg) {
        hub.receive(ids.at(key), boost::json::serialize(msg));
    }
    // Connects and logs in under `name`; returns the peer.
    FakePeer& join(const std::string& name, std::vector<std::string> features = {}) {
        connect(name);
        boost::json::object login{{"action", "login"}, {"username", name}};
        if (!features.empty()) {
            boost::json::array f;
            for (auto& x : features) f.emplace_back(x);
            login["features"] = f;
        }
        send(name, login);
        return *peers.at(name);
    }
    FakePeer& peer(const std::string& key) { return *peers.at(key); }
    void clear_all() {
        for (auto& [k, p] : peers) p->clear();
    }

    Hub hub;
    std::map<std::string, std::unique_ptr<FakePeer>> peers;
    std::map<std::string, ClientId> ids;
};

// The video flags of `name` in a who-list message, or -1 if not listed.
// `list` is "whoList" for a full list, "joined" or "changed" for a who-delta.
inline std::int64_t video_in(const boost::json::object& who, const std::string& name,
                             const char* list = "whoList") {
    auto it = who.find(list);
    if (it == who.end()) return -1;
    for (const auto& row : it->value().as_array())
        if (row.as_object().at("username").as_string() == name)
            return row.as_object().at("video").as_int64();
    return -1;
}

}  // namespace barertc::chat::test
