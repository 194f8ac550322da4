#include "server/ws_frame.hpp"

#include <cstring>

namespace barertc::server::ws {

std::size_t write_header(Opcode opcode, std::uint64_t length, std::uint8_t* out) {
    out[0] = static_cast<std::uint8_t>(0x80 | static_cast<std::uint8_t>(opcode));  // FIN
    if (length < 126) {
        out[1] = static_cast<std::uint8_t>(length);
        return 2;
    }
    if (length <= 0xFFFF) {
        out[1] = 126;
        out[2] = static_cast<std::uint8_t>(length >> 8);
        out[3] = static_cast<std::uint8_t>(length);
        return 4;
    }
    out[1] = 127;
    for (int i = 0; i < 8; ++i) out[2 + i] = static_cast<std::uint8_t>(length >> (8 * (7 - i)));
    return 10;
}

std::string control_frame(Opcode opcode, std::string_view payload) {
    if (payload.size() > 125) payload = payload.substr(0, 125);
    std::uint8_t header[kMaxHeader];
    const std::size_t n = write_header(opcode, payload.size(), header);
    std::string frame(reinterpret_cast<const char*>(header), n);
    frame.append(payload);
    return frame;
}

std::string close_frame(std::uint16_t code, std::string_view reason) {
    std::string payload;
    payload.push_back(static_cast<char>(code >> 8));
    payload.push_back(static_cast<char>(code & 0xFF));
    payload.append(reason.substr(0, 123));
    return control_frame(Opcode::close, payload);
}

bool valid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        // ASCII runs are the common case: skip eight bytes at a time.
        while (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, s + i, 8);
            if (word & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;       // no overlong 3-byte forms
            if (c == 0xED) hi = 0x9F;       // no UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;       // no overlong 4-byte forms
            if (c == 0xF4) hi = 0x8F;       // nothing past U+10FFFF
        } else {
            return false;
        }
        if (i + len > n) return false;
        if (s[i + 1] < lo || s[i + 1] > hi) return false;
        for (std::size_t k = 2; k < len; ++k)
            if ((s[i + k] & 0xC0) != 0x80) return false;
        i += len;
    }
    return true;
}

FrameReader::Event FrameReader::fail(std::uint16_t code, const char* reason) {
    failed_ = true;
    Event e;
    e.kind = Event::Kind::error;
    e.code = code;
    e.reason = reason;
    return e;
}

FrameReader::Event FrameReader::next(std::span<char> bytes) {
    if (failed_) return fail(close_code::protocol_error, "the connection already failed");
    if (!assembling_ && assembled_.capacity() > 0) std::string().swap(assembled_);
    Event e;
    const auto* b = reinterpret_cast<const std::uint8_t*>(bytes.data());
    const std::size_t n = bytes.size();
    if (n < 2) {
        e.needed = 2;
        return e;
    }
    const bool fin = b[0] & 0x80;
    if (b[0] & 0x70) return fail(close_code::protocol_error, "reserved bits set");
    const auto opcode = static_cast<Opcode>(b[0] & 0x0F);
    const bool masked = b[1] & 0x80;
    std::uint64_t length = b[1] & 0x7F;
    std::size_t header = 2;
    if (length == 126) {
        header = 4;
    } else if (length == 127) {
        header = 10;
    }
    header += 4;  // the mask key
    if (!masked) return fail(close_code::protocol_error, "client frames must be masked");

    const bool control = static_cast<std::uint8_t>(opcode) & 0x8;
    switch (opcode) {
        case Opcode::continuation:
            if (!assembling_) return fail(close_code::protocol_error, "continuation of nothing");
            break;
        case Opcode::text:
        case Opcode::binary:
            if (assembling_) return fail(close_code::protocol_error, "new message inside a fragmented one");
            break;
        case Opcode::close:
        case Opcode::ping:
        case Opcode::pong:
            if (!fin) return fail(close_code::protocol_error, "fragmented control frame");
            if (length > 125) return fail(close_code::protocol_error, "control frame over 125 bytes");
            break;
        default:
            return fail(close_code::protocol_error, "unknown opcode");
    }

    if (n < header) {
        e.needed = header;
        return e;
    }
    if (length == 126) {
        length = (std::uint64_t(b[2]) << 8) | b[3];
        if (length < 126) return fail(close_code::protocol_error, "length not minimally encoded");
    } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; ++i) length = (length << 8) | b[2 + i];
        if (length >> 63) return fail(close_code::protocol_error, "length over 2^63");
        if (length <= 0xFFFF) return fail(close_code::protocol_error, "length not minimally encoded");
    }
    if (!control) {
        const std::uint64_t total = (assembling_ ? assembled_.size() : 0) + length;
        if (total > max_message_) return fail(close_code::too_big, "message over the size limit");
    }
    const std::size_t frame_size = header + static_cast<std::size_t>(length);
    if (n < frame_size) {
        e.needed = frame_size;
        return e;
    }

    // Unmask in place, a word at a time where the bytes allow.
    std::uint8_t key[4];
    std::memcpy(key, b + header - 4, 4);
    char* payload = bytes.data() + header;
    const std::size_t len = static_cast<std::size_t>(length);
    std::size_t i = 0;
    if (len >= 8) {
        std::uint8_t key8[8];
        for (int k = 0; k < 8; ++k) key8[k] = key[k % 4];
        std::uint64_t mask;
        std::memcpy(&mask, key8, 8);
        for (; i + 8 <= len; i += 8) {
            std::uint64_t word;
            std::memcpy(&word, payload + i, 8);
            word ^= mask;
            std::memcpy(payload + i, &word, 8);
        }
    }
    for (; i < len; ++i) payload[i] = static_cast<char>(payload[i] ^ key[i % 4]);
    const std::string_view data(payload, len);
    e.consumed = frame_size;

    if (control) {
        if (opcode == Opcode::close) {
            if (len == 1) return fail(close_code::protocol_error, "close frame of one byte");
            if (len > 2 && !valid_utf8(data.substr(2)))
                return fail(close_code::invalid_payload, "close reason is not UTF-8");
        }
        e.kind = Event::Kind::control;
        e.opcode = opcode;
        e.payload = data;
        return e;
    }
    if (opcode != Opcode::continuation && fin) {
        // The common case: a whole message in one frame, handed over without a copy.
        return message(opcode, data, frame_size);
    }
    if (opcode != Opcode::continuation) {
        assembling_ = true;
        assembling_opcode_ = opcode;
        assembled_.clear();
    }
    assembled_.append(data);
    if (!fin) {
        e.kind = Event::Kind::skip;
        return e;
    }
    assembling_ = false;
    return message(assembling_opcode_, assembled_, frame_size);
}

FrameReader::Event FrameReader::message(Opcode opcode, std::string_view payload, std::size_t consumed) {
    if (opcode == Opcode::text && !valid_utf8(payload))
        return fail(close_code::invalid_payload, "text message is not UTF-8");
    Event e;
    e.kind = Event::Kind::message;
    e.opcode = opcode;
    e.payload = payload;
    e.consumed = consumed;
    return e;
}

}  // namespace barertc::server::ws
