// libFuzzer target for the parsers of S3's XML responses (net/s3_xml.h), <Error> bodies included.
// The first input byte picks the parser ('A' the first of kParsers, 'B' the next, ...).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string_view>
#include <vector>

#include "net/s3_xml.h"

namespace {

using namespace s3copy::net;

// Reports a broken property as a crash, so that libFuzzer keeps the input as an artifact.
[[noreturn]] void property_broken(const char* property) {
  std::fprintf(stderr, "property broken: %s\n", property);
  std::abort();
}

// Multipart copies restate the source's tags with build_tagging(): whatever parse_tagging() reads
// must be written back as the same tags (unless XML cannot carry them, which the builder refuses).
void check_tagging_round_trip(std::string_view body) {
  const std::vector<Tag> tags = parse_tagging(body);
  for (const Tag& tag : tags) {
    if (!xml_can_carry(tag.key) || !xml_can_carry(tag.value)) return;
  }
  if (parse_tagging(build_tagging(tags)) != tags) property_broken("tags survive build_tagging");
}

// parse_error_document() is called on bodies of every kind and is documented never to throw.
void check_error_document(std::string_view body) {
  try {
    parse_error_document(body);
  } catch (const XmlError&) {
    property_broken("parse_error_document() never throws");
  }
}

using Parser = void (*)(std::string_view body);

// Selected by the first input byte: 'A' parses ListObjectsV2, 'B' CopyObject, and so on; 'H' is
// 'G' with asked_url_encoding, as the client lists radosgw's uploads.
constexpr Parser kParsers[] = {
    [](std::string_view body) { parse_list_objects_v2(body); },               // A
    [](std::string_view body) { parse_copy_object_result(body); },            // B
    [](std::string_view body) { parse_copy_part_result(body); },              // C
    [](std::string_view body) { parse_initiate_multipart_upload(body); },     // D
    [](std::string_view body) { parse_complete_multipart_upload(body); },     // E
    [](std::string_view body) { parse_list_parts(body); },                    // F
    [](std::string_view body) { parse_list_multipart_uploads(body); },        // G
    [](std::string_view body) { parse_list_multipart_uploads(body, true); },  // H
    check_tagging_round_trip,                                                 // I
    [](std::string_view body) { parse_access_control_policy(body); },         // J
    [](std::string_view body) { parse_location_constraint(body); },           // K
    [](std::string_view body) { parse_list_buckets_owner(body); },            // L
    check_error_document,                                                     // M
    [](std::string_view body) { parse_delete_result(body); },                 // N
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t choice = static_cast<unsigned char>(data[0] - 'A') % std::size(kParsers);
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    kParsers[choice](body);
  } catch (const XmlError&) {
    // The documented answer to a malformed body; anything else escaping is a finding.
  }
  return 0;
}
