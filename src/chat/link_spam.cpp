#include "chat/link_spam.hpp"

#include <re2/re2.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace barertc::chat {

namespace {

// Loose on purpose, as the original's: optional scheme, optional "www.", a host ending in a
// 2-6 letter top-level domain, optional path.
const re2::RE2& url_pattern() {
    static const re2::RE2 pattern(
        R"((?i)(?:[a-z][a-z0-9+.-]{0,15}://)?(?:www\.)?((?:[a-z0-9-]{1,63}\.)+[a-z]{2,6})\b(/[^\s<>"']*)?)");
    return pattern;
}

std::string normalise(std::string host, std::string_view path) {
    while (!path.empty() && std::string_view(".,;:!?)]}'\"").find(path.back()) != std::string_view::npos)
        path.remove_suffix(1);
    if (path == "/") path = {};
    std::string link = std::move(host);
    link.append(path);
    std::transform(link.begin(), link.end(), link.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (link.size() > LinkSpamGuard::kMaxLinkBytes) link.resize(LinkSpamGuard::kMaxLinkBytes);
    return link;
}

}  // namespace

void LinkSpamGuard::configure(const config::DmLinkSpamSettings& settings) {
    if (settings == settings_) return;
    settings_ = settings;
    if (!settings_.enabled) records_.clear();
}

std::vector<std::string> LinkSpamGuard::links(std::string_view text) {
    std::vector<std::string> out;
    re2::StringPiece input(text.data(), text.size());
    std::string host;
    re2::StringPiece path;
    while (out.size() < kMaxLinksPerMessage &&
           re2::RE2::FindAndConsume(&input, url_pattern(), &host, &path)) {
        std::string link = normalise(host, std::string_view(path.data(), path.size()));
        if (std::find(out.begin(), out.end(), link) == out.end()) out.push_back(std::move(link));
    }
    return out;
}

LinkSpamGuard::Verdict LinkSpamGuard::check(const std::string& sender,
                                            const std::string& recipient,
                                            std::string_view text, std::int64_t now) {
    if (!settings_.enabled || settings_.max_threads <= 0) return Verdict::ok;
    if (now - last_sweep_ >= kSweepSeconds) sweep(now);
    Verdict worst = Verdict::ok;
    for (std::string& link : links(text)) {
        auto key = std::make_pair(sender, std::move(link));
        auto it = records_.find(key);
        if (it == records_.end()) {
            if (records_.size() >= kMaxRecords) {
                if (!warned_full_) spdlog::warn("DM link-spam protection: tracking {} links, ignoring new ones", records_.size());
                warned_full_ = true;
                continue;
            }
            it = records_.emplace(std::move(key), Record{}).first;
        } else if (expired(it->second, now)) {
            it->second = Record{};
        }
        Record& record = it->second;
        record.last_sent = now;
        record.recipients.insert(recipient);
        if (record.recipients.size() <= static_cast<std::size_t>(settings_.max_threads)) continue;
        // Over the limit: keep the set at its limit so it cannot grow without bound.
        record.recipients.erase(recipient);
        if (record.warned) {
            worst = Verdict::ban;
        } else {
            record.warned = true;
            worst = std::max(worst, Verdict::kick);
        }
    }
    return worst;
}

void LinkSpamGuard::sweep(std::int64_t now) {
    last_sweep_ = now;
    std::erase_if(records_, [&](const auto& entry) { return expired(entry.second, now); });
    if (records_.size() < kMaxRecords) warned_full_ = false;
}

}  // namespace barertc::chat
