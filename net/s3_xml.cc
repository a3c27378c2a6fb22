// RapidXML-based parsers and hand-written builders for S3's XML bodies.
// Parsers read through Document, which owns the buffer RapidXML points into and words the errors.
#include "net/s3_xml.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <rapidxml/rapidxml.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "net/uri.h"

namespace s3copy::net {
namespace {

using Node = rapidxml::xml_node<char>;

// Without string terminators RapidXML leaves the markup around text untouched, which
// whitespace_only_text() relies on; entities are still translated. Closing tags are checked so
// that "<Key>a</Size>" is an error rather than a silently accepted document.
constexpr int kParseFlags =
    rapidxml::parse_no_string_terminators | rapidxml::parse_validate_closing_tags;

constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
constexpr std::string_view kXsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

// S3 uses a default namespace, but a prefixed name ("s3:Key") means the same element.
std::string_view local_name(std::string_view name) {
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view local_name(const Node& node) {
  return local_name(std::string_view(node.name(), node.name_size()));
}

std::string tag(std::string_view name) {
  return "<" + std::string(name) + ">";
}

// Shows a value in a message; long values are cut, their start is enough to recognise them.
std::string quoted(std::string_view value) {
  constexpr std::size_t kMaxShown = 64;
  std::string out = "\"";
  out.append(value.substr(0, kMaxShown));
  if (value.size() > kMaxShown) out.append("...");
  out.push_back('"');
  return out;
}

bool is_xml_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string strip_etag_quotes(std::string etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    return etag.substr(1, etag.size() - 2);
  }
  return etag;
}

// RapidXML creates no data node for text made only of raw whitespace, so <Key> </Key> would read
// as "". The start tag is intact (see kParseFlags): such text runs from its '>' to the next '<'.
// S3's text elements carry no attributes; one that has some reads as "".
std::string whitespace_only_text(const Node& element) {
  if (element.first_attribute() != nullptr) return {};
  const char* cursor = element.name() + element.name_size();
  while (is_xml_whitespace(*cursor)) ++cursor;
  if (*cursor != '>') return {};  // "/>": an empty element
  const char* const start = ++cursor;
  while (is_xml_whitespace(*cursor)) ++cursor;
  return std::string(start, cursor);
}

// One parsed response body. Accessors throw XmlError naming the document and the problem.
class Document {
 public:
  // Parses body and checks that its single root element is named root_name (or, where a server
  // is known to name it otherwise, `also_accepted`).
  Document(std::string_view root_name, std::string_view body, std::string_view also_accepted = {});
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  const Node& root() const { return *root_; }
  [[noreturn]] void fail(std::string_view problem) const;

  // Child elements by local name; nullptr or empty when there are none.
  const Node* child(const Node& parent, std::string_view name) const;
  std::vector<const Node*> children(const Node& parent, std::string_view name) const;
  const Node& required_child(const Node& parent, std::string_view name) const;

  // The text of an element: its text and CDATA pieces joined. An element inside is an error.
  std::string text_of(const Node& element) const;
  // The text of a child element; "" when the child is absent.
  std::string text(const Node& parent, std::string_view name) const;
  std::string required_text(const Node& parent, std::string_view name) const;
  std::string required_nonempty_text(const Node& parent, std::string_view name) const;
  std::uint64_t required_uint64(const Node& parent, std::string_view name) const;
  int required_int(const Node& parent, std::string_view name) const;
  // 0 when the child is absent or empty.
  int optional_int(const Node& parent, std::string_view name) const;
  // An xs:boolean ("true", "false", "1", "0"); false when the child is absent.
  bool flag(const Node& parent, std::string_view name) const;

 private:
  const Node& single_root() const;
  template <class Number>
  Number number_of(const Node& element) const;

  std::string root_name_;
  std::string buffer_;  // RapidXML parses in place and keeps pointers into it
  // On the heap: xml_document embeds a 64 KiB memory pool, too much for a worker's stack.
  std::unique_ptr<rapidxml::xml_document<char>> xml_;
  const Node* root_ = nullptr;
};

Document::Document(std::string_view root_name, std::string_view body,
                   std::string_view also_accepted)
    : root_name_(root_name), buffer_(body), xml_(std::make_unique<rapidxml::xml_document<char>>()) {
  // RapidXML stops at a NUL, which would silently drop the rest of the body.
  if (body.find('\0') != std::string_view::npos) fail("the body contains a NUL byte");
  try {
    xml_->parse<kParseFlags>(buffer_.data());
  } catch (const rapidxml::parse_error& error) {
    const auto offset = error.where<char>() - buffer_.data();
    fail("malformed XML at byte " + std::to_string(offset) + ": " + error.what());
  }
  root_ = &single_root();
  const std::string_view found = local_name(*root_);
  if (found != root_name_ && (also_accepted.empty() || found != also_accepted)) {
    fail("expected root element " + tag(root_name_) + ", found " + tag(local_name(*root_)));
  }
}

void Document::fail(std::string_view problem) const {
  throw XmlError(root_name_ + ": " + std::string(problem));
}

const Node& Document::single_root() const {
  const Node* root = nullptr;
  for (const Node* node = xml_->first_node(); node != nullptr; node = node->next_sibling()) {
    if (node->type() != rapidxml::node_element) continue;
    if (root != nullptr) fail("more than one root element");
    root = node;
  }
  if (root == nullptr) fail("the body holds no XML element");
  return *root;
}

const Node* Document::child(const Node& parent, std::string_view name) const {
  for (const Node* node = parent.first_node(); node != nullptr; node = node->next_sibling()) {
    if (node->type() == rapidxml::node_element && local_name(*node) == name) return node;
  }
  return nullptr;
}

std::vector<const Node*> Document::children(const Node& parent, std::string_view name) const {
  std::vector<const Node*> found;
  for (const Node* node = parent.first_node(); node != nullptr; node = node->next_sibling()) {
    if (node->type() == rapidxml::node_element && local_name(*node) == name) found.push_back(node);
  }
  return found;
}

const Node& Document::required_child(const Node& parent, std::string_view name) const {
  const Node* found = child(parent, name);
  if (found == nullptr) fail(tag(local_name(parent)) + " lacks " + tag(name));
  return *found;
}

std::string Document::text_of(const Node& element) const {
  std::string text;
  bool has_text_node = false;
  for (const Node* node = element.first_node(); node != nullptr; node = node->next_sibling()) {
    if (node->type() == rapidxml::node_element) {
      fail(tag(local_name(element)) + " holds " + tag(local_name(*node)) +
           " where text was expected");
    }
    text.append(node->value(), node->value_size());
    has_text_node = true;
  }
  return has_text_node ? text : whitespace_only_text(element);
}

std::string Document::text(const Node& parent, std::string_view name) const {
  const Node* found = child(parent, name);
  return found == nullptr ? std::string() : text_of(*found);
}

std::string Document::required_text(const Node& parent, std::string_view name) const {
  return text_of(required_child(parent, name));
}

std::string Document::required_nonempty_text(const Node& parent, std::string_view name) const {
  std::string text = required_text(parent, name);
  if (text.empty()) fail(tag(name) + " is empty");
  return text;
}

template <class Number>
Number Document::number_of(const Node& element) const {
  const std::string text = text_of(element);
  Number value{};
  const char* const end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end) {
    fail(tag(local_name(element)) + " is not a number: " + quoted(text));
  }
  return value;
}

std::uint64_t Document::required_uint64(const Node& parent, std::string_view name) const {
  return number_of<std::uint64_t>(required_child(parent, name));
}

int Document::required_int(const Node& parent, std::string_view name) const {
  return number_of<int>(required_child(parent, name));
}

int Document::optional_int(const Node& parent, std::string_view name) const {
  const Node* found = child(parent, name);
  if (found == nullptr || text_of(*found).empty()) return 0;
  return number_of<int>(*found);
}

bool Document::flag(const Node& parent, std::string_view name) const {
  const Node* found = child(parent, name);
  if (found == nullptr) return false;
  const std::string text = text_of(*found);
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  fail(tag(name) + " is not true or false: " + quoted(text));
}

// Reads the fields that a listing asked with encoding-type=url percent-encodes ('+' for space).
class ListingText {
 public:
  // `assume_encoded`: the request asked for encoding-type=url and the server may encode without
  // saying so (radosgw 16 does that for upload keys), or not encode at all (moto 5 does not).
  explicit ListingText(const Document& doc, bool assume_encoded = false)
      : doc_(doc), marked_encoded_(is_url_encoded(doc)), assume_encoded_(assume_encoded) {}

  std::string required(const Node& parent, std::string_view name) const {
    return decoded(doc_.required_text(parent, name), name);
  }
  std::string optional(const Node& parent, std::string_view name) const {
    return decoded(doc_.text(parent, name), name);
  }

 private:
  static bool is_url_encoded(const Document& doc) {
    const std::string encoding = doc.text(doc.root(), "EncodingType");
    if (encoding.empty()) return false;
    if (encoding != "url") doc.fail("unsupported <EncodingType> " + quoted(encoding));
    return true;
  }

  // Text with a space, a control character or a byte over 0x7F cannot be URL encoding's output.
  static bool plainly_unencoded(std::string_view text) {
    return std::ranges::any_of(text, [](char c) {
      const auto byte = static_cast<unsigned char>(c);
      return byte <= 0x20 || byte >= 0x7F;
    });
  }

  std::string decoded(std::string text, std::string_view name) const {
    if (!marked_encoded_ && (!assume_encoded_ || plainly_unencoded(text))) return text;
    std::optional<std::string> plain = uri_decode(text, /*plus_is_space=*/true);
    if (!plain) doc_.fail(tag(name) + " is not valid URL encoding: " + quoted(text));
    return std::move(*plain);
  }

  const Document& doc_;
  bool marked_encoded_;
  bool assume_encoded_;
};

ObjectSummary read_object_summary(const Document& doc, const ListingText& listing,
                                  const Node& contents) {
  ObjectSummary object;
  object.key = listing.required(contents, "Key");
  object.size = doc.required_uint64(contents, "Size");
  object.etag = strip_etag_quotes(doc.text(contents, "ETag"));
  object.last_modified = doc.text(contents, "LastModified");
  object.storage_class = doc.text(contents, "StorageClass");
  return object;
}

CopyResult read_copy_result(std::string_view root_name, std::string_view body) {
  const Document doc(root_name, body);
  CopyResult result;
  result.etag = strip_etag_quotes(doc.required_text(doc.root(), "ETag"));
  result.last_modified = doc.text(doc.root(), "LastModified");
  return result;
}

PartInfo read_part(const Document& doc, const Node& part) {
  PartInfo info;
  info.part_number = doc.required_int(part, "PartNumber");
  info.etag = strip_etag_quotes(doc.text(part, "ETag"));
  info.size = doc.required_uint64(part, "Size");
  info.last_modified = doc.text(part, "LastModified");
  return info;
}

MultipartUpload read_upload(const Document& doc, const ListingText& listing, const Node& upload) {
  MultipartUpload result;
  result.key = listing.required(upload, "Key");
  result.upload_id = doc.required_nonempty_text(upload, "UploadId");
  result.initiated = doc.text(upload, "Initiated");
  return result;
}

bool is_grantee_type(std::string_view type) {
  return type == "CanonicalUser" || type == "AmazonCustomerByEmail" || type == "Group";
}

bool is_permission(std::string_view permission) {
  return permission == "READ" || permission == "WRITE" || permission == "READ_ACP" ||
         permission == "WRITE_ACP" || permission == "FULL_CONTROL";
}

// The xsi:type attribute, or, when a server leaves it out, the type the grantee's fields imply.
std::string grantee_type(const Document& doc, const Node& grantee) {
  for (const auto* attribute = grantee.first_attribute(); attribute != nullptr;
       attribute = attribute->next_attribute()) {
    if (local_name(std::string_view(attribute->name(), attribute->name_size())) == "type") {
      std::string type(attribute->value(), attribute->value_size());
      if (!is_grantee_type(type)) doc.fail("unknown grantee type " + quoted(type));
      return type;
    }
  }
  if (doc.child(grantee, "URI") != nullptr) return "Group";
  if (doc.child(grantee, "EmailAddress") != nullptr) return "AmazonCustomerByEmail";
  if (doc.child(grantee, "ID") != nullptr) return "CanonicalUser";
  doc.fail("<Grantee> has no xsi:type and no ID, EmailAddress or URI");
}

Grant read_grant(const Document& doc, const Node& grant) {
  const Node& grantee = doc.required_child(grant, "Grantee");
  Grant result;
  result.grantee_type = grantee_type(doc, grantee);
  result.id = doc.text(grantee, "ID");
  result.display_name = doc.text(grantee, "DisplayName");
  result.email = doc.text(grantee, "EmailAddress");
  result.uri = doc.text(grantee, "URI");
  result.permission = doc.required_text(grant, "Permission");
  if (!is_permission(result.permission)) {
    doc.fail("unknown permission " + quoted(result.permission));
  }
  return result;
}

// The position of the first character outside XML 1.0's Char production (section 2.2).
std::optional<std::size_t> find_uncarriable(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') return i;
    // U+FFFE and U+FFFF, whose UTF-8 is EF BF BE and EF BF BF.
    if (byte == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE) {
      return i;
    }
  }
  return std::nullopt;
}

// Names the character find_uncarriable() found, for an error message.
std::string uncarriable_character(std::string_view text, std::size_t position) {
  const auto byte = static_cast<unsigned char>(text[position]);
  if (byte != 0xEF) {
    char name[16];
    std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(byte));
    return name;
  }
  return static_cast<unsigned char>(text[position + 2]) == 0xBE ? "U+FFFE" : "U+FFFF";
}

// Accumulates one request body: the XML declaration, a root element in S3's namespace, and
// escaped text.
class XmlWriter {
 public:
  XmlWriter(std::string_view builder_name, std::string_view root_name)
      : builder_name_(builder_name), root_name_(root_name) {
    out_.append(R"(<?xml version="1.0" encoding="UTF-8"?>)").append("\n");
    open(root_name_, "xmlns=\"" + std::string(kS3Namespace) + "\"");
  }

  // `attributes` is written as given: callers pass only fixed, already valid markup.
  void open(std::string_view name, std::string_view attributes = {}) {
    out_.append("<").append(name);
    if (!attributes.empty()) out_.append(" ").append(attributes);
    out_.append(">");
  }
  void close(std::string_view name) { out_.append("</").append(name).append(">"); }
  void element(std::string_view name, std::string_view text) {
    open(name);
    append_escaped(text);
    close(name);
  }
  std::string finish() {
    close(root_name_);
    return std::move(out_);
  }

 private:
  void append_escaped(std::string_view text) {
    if (const auto position = find_uncarriable(text)) {
      throw std::invalid_argument(builder_name_ + ": " + uncarriable_character(text, *position) +
                                  " at byte " + std::to_string(*position) +
                                  " of a text cannot be carried by XML 1.0");
    }
    for (const char c : text) append_escaped(c);
  }

  void append_escaped(char c) {
    switch (c) {
      case '&':
        out_.append("&amp;");
        break;
      case '<':
        out_.append("&lt;");
        break;
      case '>':
        out_.append("&gt;");
        break;
      case '"':
        out_.append("&quot;");
        break;
      case '\'':
        out_.append("&apos;");
        break;
      // References, because parsers turn a raw CR or CRLF into LF and may trim raw whitespace.
      case '\r':
        out_.append("&#13;");
        break;
      case '\n':
        out_.append("&#10;");
        break;
      case '\t':
        out_.append("&#9;");
        break;
      default:
        out_.push_back(c);
    }
  }

  std::string builder_name_;
  std::string root_name_;
  std::string out_;
};

void write_grant(XmlWriter& xml, const Grant& grant) {
  if (!is_grantee_type(grant.grantee_type)) {
    throw std::invalid_argument("build_access_control_policy: unknown grantee type \"" +
                                grant.grantee_type + "\"");
  }
  xml.open("Grant");
  xml.open("Grantee", "xmlns:xsi=\"" + std::string(kXsiNamespace) + "\" xsi:type=\"" +
                          grant.grantee_type + "\"");
  if (grant.grantee_type == "CanonicalUser") {
    xml.element("ID", grant.id);
    if (!grant.display_name.empty()) xml.element("DisplayName", grant.display_name);
  } else if (grant.grantee_type == "AmazonCustomerByEmail") {
    xml.element("EmailAddress", grant.email);
  } else {
    xml.element("URI", grant.uri);
  }
  xml.close("Grantee");
  xml.element("Permission", grant.permission);
  xml.close("Grant");
}

}  // namespace

ListObjectsPage parse_list_objects_v2(std::string_view body) {
  const Document doc("ListBucketResult", body);
  const ListingText listing(doc);
  ListObjectsPage page;
  for (const Node* contents : doc.children(doc.root(), "Contents")) {
    page.objects.push_back(read_object_summary(doc, listing, *contents));
  }
  for (const Node* prefix : doc.children(doc.root(), "CommonPrefixes")) {
    page.common_prefixes.push_back(listing.required(*prefix, "Prefix"));
  }
  page.is_truncated = doc.flag(doc.root(), "IsTruncated");
  page.next_continuation_token = doc.text(doc.root(), "NextContinuationToken");
  if (page.is_truncated && page.next_continuation_token.empty()) {
    doc.fail("<IsTruncated> is true but <NextContinuationToken> is missing");
  }
  return page;
}

CopyResult parse_copy_object_result(std::string_view body) {
  return read_copy_result("CopyObjectResult", body);
}

CopyResult parse_copy_part_result(std::string_view body) {
  return read_copy_result("CopyPartResult", body);
}

MultipartUpload parse_initiate_multipart_upload(std::string_view body) {
  const Document doc("InitiateMultipartUploadResult", body);
  MultipartUpload upload;
  upload.key = doc.text(doc.root(), "Key");
  upload.upload_id = doc.required_nonempty_text(doc.root(), "UploadId");
  return upload;
}

CompleteResult parse_complete_multipart_upload(std::string_view body) {
  // moto 5 names the root CompleteMultipartUploadResponse; its content is AWS's.
  const Document doc("CompleteMultipartUploadResult", body, "CompleteMultipartUploadResponse");
  CompleteResult result;
  result.location = doc.text(doc.root(), "Location");
  result.bucket = doc.text(doc.root(), "Bucket");
  result.key = doc.text(doc.root(), "Key");
  result.etag = strip_etag_quotes(doc.text(doc.root(), "ETag"));
  return result;
}

std::vector<DeleteFailure> parse_delete_result(std::string_view body) {
  const Document doc("DeleteResult", body);
  std::vector<DeleteFailure> failures;
  for (const Node* error : doc.children(doc.root(), "Error")) {
    failures.push_back(DeleteFailure{.key = doc.text(*error, "Key"),
                                     .code = doc.text(*error, "Code"),
                                     .message = doc.text(*error, "Message")});
  }
  return failures;
}

ListPartsPage parse_list_parts(std::string_view body) {
  const Document doc("ListPartsResult", body, "ListPartsResponse");  // the latter: moto 5
  ListPartsPage page;
  for (const Node* part : doc.children(doc.root(), "Part")) {
    page.parts.push_back(read_part(doc, *part));
  }
  page.is_truncated = doc.flag(doc.root(), "IsTruncated");
  page.next_part_number_marker = doc.optional_int(doc.root(), "NextPartNumberMarker");
  if (page.is_truncated && page.next_part_number_marker == 0) {
    doc.fail("<IsTruncated> is true but <NextPartNumberMarker> is missing");
  }
  return page;
}

ListUploadsPage parse_list_multipart_uploads(std::string_view body, bool asked_url_encoding) {
  const Document doc("ListMultipartUploadsResult", body);
  const ListingText listing(doc);
  const ListingText upload_keys(doc, asked_url_encoding);
  ListUploadsPage page;
  for (const Node* upload : doc.children(doc.root(), "Upload")) {
    page.uploads.push_back(read_upload(doc, upload_keys, *upload));
  }
  page.is_truncated = doc.flag(doc.root(), "IsTruncated");
  page.next_key_marker = listing.optional(doc.root(), "NextKeyMarker");
  page.next_upload_id_marker = doc.text(doc.root(), "NextUploadIdMarker");
  if (page.is_truncated && page.next_key_marker.empty()) {
    doc.fail("<IsTruncated> is true but <NextKeyMarker> is missing");
  }
  return page;
}

std::vector<Tag> parse_tagging(std::string_view body) {
  const Document doc("Tagging", body);
  std::vector<Tag> tags;
  const Node* tag_set = doc.child(doc.root(), "TagSet");
  if (tag_set == nullptr) return tags;
  for (const Node* tag : doc.children(*tag_set, "Tag")) {
    tags.push_back({doc.required_text(*tag, "Key"), doc.text(*tag, "Value")});
  }
  return tags;
}

AccessControlPolicy parse_access_control_policy(std::string_view body) {
  const Document doc("AccessControlPolicy", body);
  AccessControlPolicy policy;
  if (const Node* owner = doc.child(doc.root(), "Owner")) {
    policy.owner_id = doc.text(*owner, "ID");
    policy.owner_display_name = doc.text(*owner, "DisplayName");
  }
  if (const Node* list = doc.child(doc.root(), "AccessControlList")) {
    for (const Node* grant : doc.children(*list, "Grant")) {
      policy.grants.push_back(read_grant(doc, *grant));
    }
  }
  return policy;
}

std::string parse_location_constraint(std::string_view body) {
  const Document doc("LocationConstraint", body);
  std::string region = doc.text_of(doc.root());
  if (region.empty()) return "us-east-1";
  if (region == "EU") return "eu-west-1";
  return region;
}

std::string parse_list_buckets_owner(std::string_view body) {
  const Document doc("ListAllMyBucketsResult", body);
  const Node* owner = doc.child(doc.root(), "Owner");
  if (owner == nullptr) doc.fail("<Owner> is missing");
  return doc.required_text(*owner, "ID");
}

std::optional<S3Error> parse_error_document(std::string_view body) {
  // Most bodies checked here are successes; this spares them a parse and an exception.
  if (body.find("Error") == std::string_view::npos) return std::nullopt;
  try {
    const Document doc("Error", body);
    S3Error error;
    error.code = doc.text(doc.root(), "Code");
    error.message = doc.text(doc.root(), "Message");
    error.request_id = doc.text(doc.root(), "RequestId");
    error.resource = doc.text(doc.root(), "Resource");
    error.region = doc.text(doc.root(), "Region");
    error.endpoint = doc.text(doc.root(), "Endpoint");
    return error;
  } catch (const XmlError&) {
    return std::nullopt;
  }
}

bool xml_can_carry(std::string_view text) {
  return !find_uncarriable(text).has_value();
}

std::string build_complete_multipart_upload(const std::vector<PartInfo>& parts) {
  XmlWriter xml("build_complete_multipart_upload", "CompleteMultipartUpload");
  for (const PartInfo& part : parts) {
    xml.open("Part");
    xml.element("PartNumber", std::to_string(part.part_number));
    xml.element("ETag", "\"" + part.etag + "\"");
    xml.close("Part");
  }
  return xml.finish();
}

std::string build_access_control_policy(const AccessControlPolicy& policy) {
  XmlWriter xml("build_access_control_policy", "AccessControlPolicy");
  xml.open("Owner");
  xml.element("ID", policy.owner_id);
  if (!policy.owner_display_name.empty()) xml.element("DisplayName", policy.owner_display_name);
  xml.close("Owner");
  xml.open("AccessControlList");
  for (const Grant& grant : policy.grants) write_grant(xml, grant);
  xml.close("AccessControlList");
  return xml.finish();
}

std::string build_tagging(const std::vector<Tag>& tags) {
  XmlWriter xml("build_tagging", "Tagging");
  xml.open("TagSet");
  for (const Tag& tag : tags) {
    xml.open("Tag");
    xml.element("Key", tag.key);
    xml.element("Value", tag.value);
    xml.close("Tag");
  }
  xml.close("TagSet");
  return xml.finish();
}

std::string build_delete_objects(const std::vector<std::string>& keys, bool quiet) {
  XmlWriter xml("build_delete_objects", "Delete");
  xml.element("Quiet", quiet ? "true" : "false");
  for (const std::string& key : keys) {
    xml.open("Object");
    xml.element("Key", key);
    xml.close("Object");
  }
  return xml.finish();
}

}  // namespace s3copy::net
