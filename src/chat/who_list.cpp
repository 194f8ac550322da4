#include "chat/who_list.hpp"

#include "protocol/message.hpp"

namespace barertc::chat {

namespace {

protocol::WhoEntry base_entry(const User& u) {
    protocol::WhoEntry e;
    e.username = u.username;
    e.nickname = u.nickname;
    e.status = u.status;
    e.video = u.video;
    e.dnd = u.dnd;
    e.login_at = u.login_at;
    e.op = u.op;
    e.vip = u.vip;
    e.avatar = u.avatar;
    e.profile_url = u.profile_url;
    e.emoji = u.emoji;
    e.gender = u.gender;
    return e;
}

}  // namespace

WhoList::WhoList(const Roster& roster, WhoPolicy policy) : roster_(roster), policy_(policy) {
    plain_vip_viewer_.vip = true;
}

void WhoList::joined(User& user) {
    user.who_row.clear();
    user.who_row_secret.clear();
    ++seq_;
    joined_[user.username] = seq_;
    changed_[user.username] = seq_;
    left_.erase(user.username);
    dirty_ = true;
}

void WhoList::changed(User& user) {
    user.who_row.clear();
    user.who_row_secret.clear();
    changed_[user.username] = ++seq_;
    dirty_ = true;
}

void WhoList::left(const User& user) {
    left_[user.username] = ++seq_;
    dirty_ = true;
}

void WhoList::relation_changed(const User& subject, const User& viewer) {
    if (!subject.logged_in || !viewer.logged_in) return;  // login sends a full view anyway
    relation_dirty_[viewer.id].insert(subject.username);
    dirty_ = true;
}

void WhoList::forget(ClientId id) { relation_dirty_.erase(id); }

protocol::WhoEntry WhoList::entry_as_seen(const User& subject, const User& viewer) const {
    protocol::WhoEntry e = base_entry(subject);
    e.video = video_seen_by(subject, viewer);
    if (policy_.vip_mutually_secret && !viewer.vip) e.vip = false;
    return e;
}

void WhoList::append_row(std::string& out, User& subject, const User& viewer) {
    const bool hide_vip = policy_.vip_mutually_secret && !viewer.vip && subject.vip;
    if (video_seen_by(subject, viewer) == subject.video) {
        // The common case: this viewer sees the row everyone sees, serialised once.
        std::string& row = hide_vip ? subject.who_row_secret : subject.who_row;
        if (row.empty()) {
            protocol::WhoEntry e = base_entry(subject);
            if (hide_vip) e.vip = false;
            row = protocol::encode_who_entry(e);
        }
        out.append(row);
        return;
    }
    out.append(protocol::encode_who_entry(entry_as_seen(subject, viewer)));
}

std::string WhoList::build_full(const User& viewer) {
    std::string out = R"({"action":"who","whoList":[)";
    bool any = false;
    for (auto& [name, subject] : roster_) {
        if (!visible_to(*subject, viewer, policy_.relations)) continue;
        if (any) out.push_back(',');
        append_row(out, *subject, viewer);
        any = true;
    }
    if (!any) return R"({"action":"who"})";  // omitempty, as the original sends it
    out.append("]}");
    return out;
}

protocol::Frame WhoList::full_list(const User& viewer) {
    return protocol::make_frame(build_full(viewer));
}

std::string WhoList::build_delta(const User& viewer) {
    // Only what changed after this viewer's last full list.
    std::set<std::string> names;
    for (const auto& [name, seq] : changed_)
        if (seq > viewer.who_seq) names.insert(name);
    if (auto it = relation_dirty_.find(viewer.id); it != relation_dirty_.end())
        names.insert(it->second.begin(), it->second.end());

    std::string joined, changed, left;
    auto add_left = [&](const std::string& name) {
        if (!left.empty()) left.push_back(',');
        protocol::append_json_string(left, name);
    };
    for (const std::string& name : names) {
        auto it = roster_.find(name);
        if (it == roster_.end() || !visible_to(*it->second, viewer, policy_.relations)) {
            add_left(name);
            continue;
        }
        auto j = joined_.find(name);
        std::string& list = j != joined_.end() && j->second > viewer.who_seq ? joined : changed;
        if (!list.empty()) list.push_back(',');
        append_row(list, *it->second, viewer);
    }
    for (const auto& [name, seq] : left_)
        if (seq > viewer.who_seq && !names.count(name) && !roster_.count(name)) add_left(name);
    if (joined.empty() && changed.empty() && left.empty()) return {};

    std::string out = R"({"action":"who-delta")";
    if (!joined.empty()) out.append(R"(,"joined":[)").append(joined).append("]");
    if (!left.empty()) out.append(R"(,"left":[)").append(left).append("]");
    if (!changed.empty()) out.append(R"(,"changed":[)").append(changed).append("]");
    out.push_back('}');
    return out;
}

std::set<std::string> WhoList::viewers_with_own_view() const {
    // Anyone named in someone's relation sets, anyone who blocks, and a non-VIP with a
    // VIP-only camera (it sees its own flags, others do not) gets a list of its own.
    std::set<std::string> own;
    for (const auto& [name, u] : roster_) {
        for (const NameSet* set : {&u->muted, &u->booted, &u->invited, &u->blocked})
            own.insert(set->begin(), set->end());
        if (!u->blocked.empty()) own.insert(u->folded);
        if ((u->video & protocol::video_flag::kOnlyVip) && !u->vip) own.insert(u->folded);
    }
    return own;
}

void WhoList::flush(const std::function<void(User&, protocol::Frame)>& send) {
    if (!dirty_) return;
    const std::set<std::string> own_view = viewers_with_own_view();
    protocol::Frame plain, plain_vip;  // built on first use, shared by every plain viewer
    // Deltas too: viewers nobody treats specially, with the same baseline (who_seq) and VIP
    // status, get the same delta, built once (a null frame: nothing changed for them).
    std::map<std::pair<std::uint64_t, bool>, protocol::Frame> shared_deltas;
    for (auto& [name, viewer] : roster_) {
        if (viewer->who_delta && viewer->has_full_who && !own_view.count(viewer->folded) &&
            !viewer->hidden() && !relation_dirty_.count(viewer->id)) {
            auto [it, fresh] = shared_deltas.try_emplace({viewer->who_seq, viewer->vip});
            if (fresh) {
                User& stand_in = viewer->vip ? plain_vip_viewer_ : plain_viewer_;
                stand_in.who_seq = viewer->who_seq;
                std::string delta = build_delta(stand_in);
                if (!delta.empty()) it->second = protocol::make_frame(std::move(delta));
            }
            if (it->second) send(*viewer, it->second);
            continue;
        }
        if (viewer->who_delta && viewer->has_full_who) {
            std::string delta = build_delta(*viewer);
            if (!delta.empty()) send(*viewer, protocol::make_frame(std::move(delta)));
            continue;
        }
        protocol::Frame frame;
        if (own_view.count(viewer->folded) || viewer->hidden()) {
            frame = full_list(*viewer);
        } else {
            protocol::Frame& shared = viewer->vip ? plain_vip : plain;
            if (!shared) shared = full_list(viewer->vip ? plain_vip_viewer_ : plain_viewer_);
            frame = shared;
        }
        sent_full_list(*viewer);
        send(*viewer, frame);
    }
    joined_.clear();
    changed_.clear();
    left_.clear();
    relation_dirty_.clear();
    dirty_ = false;
    for (auto& [name, viewer] : roster_) viewer->who_seq = seq_;
}

}  // namespace barertc::chat

