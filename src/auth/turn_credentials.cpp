#include "auth/turn_credentials.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace barertc::auth {

namespace {

std::string base64(const unsigned char* bytes, std::size_t size) {
    std::string out(4 * ((size + 2) / 3), '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes,
                                        static_cast<int>(size));
    out.resize(written < 0 ? 0 : static_cast<std::size_t>(written));
    return out;
}

}  // namespace

TurnCredential make_turn_credential(std::string_view secret, std::string_view user,
                                    std::int64_t now, std::int64_t lifetime_seconds) {
    TurnCredential c;
    c.expires = now + lifetime_seconds;
    // coturn reads the expiry from the part before the first ':' (its default separator).
    c.username = std::to_string(c.expires) + ":" + std::string(user);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_size = 0;
    static const unsigned char kEmpty = 0;  // HMAC() wants a non-null key pointer
    const void* key = secret.empty() ? &kEmpty : static_cast<const void*>(secret.data());
    if (HMAC(EVP_sha1(), key, static_cast<int>(secret.size()),
             reinterpret_cast<const unsigned char*>(c.username.data()), c.username.size(), mac,
             &mac_size))
        c.credential = base64(mac, mac_size);
    return c;
}

}  // namespace barertc::auth
