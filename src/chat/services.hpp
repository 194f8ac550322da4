// What the hub asks of the outside world besides connections: work that is slow (images,
// webhooks) or persistent (DM history). Results come back through callbacks that the
// transport runs on the hub's thread; the hub looks its users up again by ClientId, since
// they may have left meanwhile.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace barertc::chat {

struct ImageOutcome {
    bool ok = false;
    std::string error;  // a sentence for the user
    std::string html;   // the <img> message body
};

class ImageService {
public:
    virtual ~ImageService() = default;
    virtual void process(std::string bytes, std::function<void(ImageOutcome)> done) = 0;
};

// A report for the site's `report` webhook (compat §4.5).
struct Report {
    std::string from_username;
    std::string about_username;
    std::string channel;
    std::string timestamp;
    std::string reason;
    std::string message;
    std::string comment;
};

class ReportService {
public:
    virtual ~ReportService() = default;
    virtual bool enabled() const = 0;
    // `done(ok, error)` tells the hub whether the site accepted it.
    virtual void send(Report report, std::function<void(bool, std::string)> done) = 0;
};

// Stored DMs (compat §7.6), when DirectMessageHistory is enabled.
class DmArchive {
public:
    virtual ~DmArchive() = default;
    virtual void add(std::int64_t id, const std::string& from, const std::string& to,
                     const std::string& html, std::int64_t timestamp) = 0;
    // Operators delete any ID; others only their own. True if a stored message went.
    virtual bool take_back(std::int64_t id, const std::string& requester, bool as_operator) = 0;
};

}  // namespace barertc::chat
