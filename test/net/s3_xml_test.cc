// Tests for net/s3_xml.h: every parser on AWS-shaped and radosgw-shaped bodies, URL-encoded
// listings, the XmlError messages, and builders whose output reads back exactly for hostile text.
#include "net/s3_xml.h"

#include <rapidxml/rapidxml.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace s3copy::net {
namespace {

// The message of the XmlError that `parse` throws for body; a test failure when none is thrown.
template <class Parser>
std::string xml_error_of(Parser parse, std::string_view body) {
  try {
    parse(body);
  } catch (const XmlError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no XmlError for body: " << body;
  return {};
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// ---------------------------------------------------------------------------------------------
// ListObjectsV2

constexpr std::string_view kListPage = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
    <Name>example-bucket</Name>
    <Prefix></Prefix>
    <KeyCount>2</KeyCount>
    <MaxKeys>1000</MaxKeys>
    <IsTruncated>false</IsTruncated>
    <Contents>
        <Key>my-image.jpg</Key>
        <LastModified>2009-10-12T17:50:30.000Z</LastModified>
        <ETag>"fba9dede5f27731c9771645a39863328"</ETag>
        <Size>434234</Size>
        <StorageClass>STANDARD</StorageClass>
    </Contents>
    <Contents>
        <Key>huge.bin</Key>
        <LastModified>2023-01-02T03:04:05.000Z</LastModified>
        <ETag>&quot;d41d8cd98f00b204e9800998ecf8427e-977&quot;</ETag>
        <Size>5497558138880</Size>
        <StorageClass>GLACIER</StorageClass>
    </Contents>
</ListBucketResult>)";

TEST(ParseListObjectsV2Test, ReadsEveryFieldOfEachObject) {
  const ListObjectsPage page = parse_list_objects_v2(kListPage);
  ASSERT_EQ(page.objects.size(), 2u);
  EXPECT_EQ(page.objects[0].key, "my-image.jpg");
  EXPECT_EQ(page.objects[0].size, 434234u);
  EXPECT_EQ(page.objects[0].etag, "fba9dede5f27731c9771645a39863328");
  EXPECT_EQ(page.objects[0].last_modified, "2009-10-12T17:50:30.000Z");
  EXPECT_EQ(page.objects[0].storage_class, "STANDARD");
  EXPECT_EQ(page.objects[1].key, "huge.bin");
  EXPECT_EQ(page.objects[1].size, 5497558138880u);  // 5 TiB: needs 64 bits
  EXPECT_EQ(page.objects[1].etag, "d41d8cd98f00b204e9800998ecf8427e-977");
  EXPECT_EQ(page.objects[1].storage_class, "GLACIER");
  EXPECT_TRUE(page.common_prefixes.empty());
  EXPECT_FALSE(page.is_truncated);
  EXPECT_EQ(page.next_continuation_token, "");
}

TEST(ParseListObjectsV2Test, TruncatedPageCarriesTheContinuationToken) {
  const ListObjectsPage page = parse_list_objects_v2(R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>bucket</Name>
  <Prefix>logs/</Prefix>
  <ContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</ContinuationToken>
  <NextContinuationToken>2kL+aeGx/Zl3rZy9+Pu5Y2zxa/1A==</NextContinuationToken>
  <KeyCount>1</KeyCount>
  <MaxKeys>1</MaxKeys>
  <IsTruncated>true</IsTruncated>
  <Contents>
    <Key>logs/2024-01-01.gz</Key>
    <LastModified>2024-01-01T00:00:00.000Z</LastModified>
    <ETag>"0cc175b9c0f1b6a831c399e269772661"</ETag>
    <Size>1</Size>
    <StorageClass>STANDARD</StorageClass>
  </Contents>
</ListBucketResult>)");
  EXPECT_TRUE(page.is_truncated);
  // The token is opaque: '+' and '/' are kept as they are.
  EXPECT_EQ(page.next_continuation_token, "2kL+aeGx/Zl3rZy9+Pu5Y2zxa/1A==");
  ASSERT_EQ(page.objects.size(), 1u);
  EXPECT_EQ(page.objects[0].key, "logs/2024-01-01.gz");
}

TEST(ParseListObjectsV2Test, ReadsCommonPrefixesOfADelimitedListing) {
  const ListObjectsPage page = parse_list_objects_v2(R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>example-bucket</Name>
  <Prefix>photos/2006/</Prefix>
  <KeyCount>2</KeyCount>
  <MaxKeys>1000</MaxKeys>
  <Delimiter>/</Delimiter>
  <IsTruncated>false</IsTruncated>
  <CommonPrefixes>
    <Prefix>photos/2006/February/</Prefix>
  </CommonPrefixes>
  <CommonPrefixes>
    <Prefix>photos/2006/January/</Prefix>
  </CommonPrefixes>
</ListBucketResult>)");
  EXPECT_TRUE(page.objects.empty());
  EXPECT_EQ(page.common_prefixes,
            (std::vector<std::string>{"photos/2006/February/", "photos/2006/January/"}));
}

TEST(ParseListObjectsV2Test, UrlEncodedListingDecodesKeysAndPrefixesWithPlusAsSpace) {
  const ListObjectsPage page = parse_list_objects_v2(R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>bucket</Name>
  <Prefix>dir%2F</Prefix>
  <StartAfter>dir%2Fa</StartAfter>
  <KeyCount>5</KeyCount>
  <MaxKeys>1000</MaxKeys>
  <Delimiter>%2F</Delimiter>
  <EncodingType>url</EncodingType>
  <IsTruncated>false</IsTruncated>
  <Contents><Key>dir/my+summer+photo.jpg</Key><Size>1</Size></Contents>
  <Contents><Key>dir%2Fc%2B%2Bsource.cc</Key><Size>2</Size></Contents>
  <Contents><Key>dir%2Fcaf%C3%A9+%E6%97%A5%E6%9C%AC.txt</Key><Size>3</Size></Contents>
  <Contents><Key>dir%2Fline1%0Aline2</Key><Size>4</Size></Contents>
  <Contents><Key>dir%2F100%25+%26+more</Key><Size>5</Size></Contents>
  <CommonPrefixes><Prefix>dir%2Fsub+dir%2F</Prefix></CommonPrefixes>
</ListBucketResult>)");
  ASSERT_EQ(page.objects.size(), 5u);
  EXPECT_EQ(page.objects[0].key, "dir/my summer photo.jpg");
  EXPECT_EQ(page.objects[1].key, "dir/c++source.cc");
  EXPECT_EQ(page.objects[2].key, "dir/caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC.txt");
  EXPECT_EQ(page.objects[3].key, "dir/line1\nline2");
  EXPECT_EQ(page.objects[4].key, "dir/100% & more");
  EXPECT_EQ(page.common_prefixes, std::vector<std::string>{"dir/sub dir/"});
}

TEST(ParseListObjectsV2Test, PlainListingKeepsPlusAndPercentLiterally) {
  const ListObjectsPage page = parse_list_objects_v2(R"(<ListBucketResult>
  <Contents><Key>a+b%2B</Key><Size>1</Size></Contents>
</ListBucketResult>)");
  ASSERT_EQ(page.objects.size(), 1u);
  EXPECT_EQ(page.objects[0].key, "a+b%2B");
}

TEST(ParseListObjectsV2Test, TranslatesEntitiesAndKeepsWhitespaceOnlyKeys) {
  const ListObjectsPage page = parse_list_objects_v2(
      "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<Contents><Key>a &amp; b &lt;c&gt; &quot;d&quot; "
      "&apos;e&apos;</Key><Size>1</Size></Contents>"
      "<Contents><Key> </Key><Size>2</Size></Contents>"
      "<Contents><Key>\t \n</Key><Size>3</Size></Contents>"
      "<Contents><Key >  </Key ><Size>4</Size></Contents>"
      "<Contents><Key>  padded  </Key><Size>5</Size></Contents>"
      "<Contents><Key>&#x1F600;&#13;&#10;</Key><Size>6</Size></Contents>"
      "<Contents><Key><![CDATA[<raw & cdata>]]></Key><Size>7</Size></Contents>"
      "<CommonPrefixes><Prefix> /</Prefix></CommonPrefixes>"
      "<CommonPrefixes><Prefix>   </Prefix></CommonPrefixes>"
      "</ListBucketResult>");
  ASSERT_EQ(page.objects.size(), 7u);
  EXPECT_EQ(page.objects[0].key, "a & b <c> \"d\" 'e'");
  EXPECT_EQ(page.objects[1].key, " ");
  EXPECT_EQ(page.objects[2].key, "\t \n");
  EXPECT_EQ(page.objects[3].key, "  ");
  EXPECT_EQ(page.objects[4].key, "  padded  ");
  EXPECT_EQ(page.objects[5].key, "\xF0\x9F\x98\x80\r\n");
  EXPECT_EQ(page.objects[6].key, "<raw & cdata>");
  EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{" /", "   "}));
}

TEST(ParseListObjectsV2Test, EmptyAndSelfClosingElementsReadAsEmpty) {
  const ListObjectsPage page = parse_list_objects_v2(
      "<ListBucketResult><Contents><Key>k</Key><Size>0</Size><ETag/>"
      "<StorageClass></StorageClass></Contents></ListBucketResult>");
  ASSERT_EQ(page.objects.size(), 1u);
  EXPECT_EQ(page.objects[0].etag, "");
  EXPECT_EQ(page.objects[0].storage_class, "");
  EXPECT_EQ(page.objects[0].size, 0u);
}

TEST(ParseListObjectsV2Test, AcceptsNamespacePrefixedElements) {
  const ListObjectsPage page = parse_list_objects_v2(
      R"(<s3:ListBucketResult xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/">)"
      "<s3:Contents><s3:Key>k</s3:Key><s3:Size>9</s3:Size></s3:Contents>"
      "</s3:ListBucketResult>");
  ASSERT_EQ(page.objects.size(), 1u);
  EXPECT_EQ(page.objects[0].key, "k");
  EXPECT_EQ(page.objects[0].size, 9u);
}

TEST(ParseListObjectsV2Test, AcceptsOneAndZeroAsBooleans) {
  EXPECT_TRUE(parse_list_objects_v2("<ListBucketResult><IsTruncated>1</IsTruncated>"
                                    "<NextContinuationToken>t</NextContinuationToken>"
                                    "</ListBucketResult>")
                  .is_truncated);
  EXPECT_FALSE(
      parse_list_objects_v2("<ListBucketResult><IsTruncated>0</IsTruncated></ListBucketResult>")
          .is_truncated);
}

TEST(ParseListObjectsV2Test, ErrorsNameTheDocumentAndTheProblem) {
  EXPECT_EQ(xml_error_of(parse_list_objects_v2,
                         "<ListBucketResult><Contents><Key>k</Key><Size>12a</Size></Contents>"
                         "</ListBucketResult>"),
            "ListBucketResult: <Size> is not a number: \"12a\"");
  EXPECT_EQ(xml_error_of(parse_list_objects_v2,
                         "<ListBucketResult><Contents><Key>k</Key><Size>-1</Size></Contents>"
                         "</ListBucketResult>"),
            "ListBucketResult: <Size> is not a number: \"-1\"");
  EXPECT_EQ(xml_error_of(parse_list_objects_v2,
                         "<ListBucketResult><Contents><Key>k</Key><Size></Size></Contents>"
                         "</ListBucketResult>"),
            "ListBucketResult: <Size> is not a number: \"\"");
  EXPECT_EQ(
      xml_error_of(parse_list_objects_v2,
                   "<ListBucketResult><Contents><Size>1</Size></Contents></ListBucketResult>"),
      "ListBucketResult: <Contents> lacks <Key>");
  EXPECT_EQ(xml_error_of(parse_list_objects_v2,
                         "<ListBucketResult><Contents><Key>k</Key></Contents></ListBucketResult>"),
            "ListBucketResult: <Contents> lacks <Size>");
  EXPECT_EQ(xml_error_of(parse_list_objects_v2,
                         "<ListBucketResult><IsTruncated>maybe</IsTruncated></ListBucketResult>"),
            "ListBucketResult: <IsTruncated> is not true or false: \"maybe\"");
  EXPECT_EQ(xml_error_of(parse_list_objects_v2,
                         "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"),
            "ListBucketResult: <IsTruncated> is true but <NextContinuationToken> is missing");
  EXPECT_EQ(xml_error_of(parse_list_objects_v2,
                         "<ListBucketResult><Contents><Key>a<b>x</b></Key><Size>1</Size>"
                         "</Contents></ListBucketResult>"),
            "ListBucketResult: <Key> holds <b> where text was expected");
}

TEST(ParseListObjectsV2Test, BadUrlEncodingAndUnknownEncodingTypeAreErrors) {
  EXPECT_EQ(xml_error_of(parse_list_objects_v2,
                         "<ListBucketResult><EncodingType>url</EncodingType>"
                         "<Contents><Key>bad%ZZ</Key><Size>1</Size></Contents></ListBucketResult>"),
            "ListBucketResult: <Key> is not valid URL encoding: \"bad%ZZ\"");
  EXPECT_EQ(xml_error_of(parse_list_objects_v2,
                         "<ListBucketResult><EncodingType>url</EncodingType>"
                         "<CommonPrefixes><Prefix>p%2</Prefix></CommonPrefixes>"
                         "</ListBucketResult>"),
            "ListBucketResult: <Prefix> is not valid URL encoding: \"p%2\"");
  EXPECT_EQ(
      xml_error_of(parse_list_objects_v2,
                   "<ListBucketResult><EncodingType>base64</EncodingType></ListBucketResult>"),
      "ListBucketResult: unsupported <EncodingType> \"base64\"");
}

TEST(ParseListObjectsV2Test, LongValuesAreCutInMessages) {
  const std::string long_size(200, '9');
  const std::string message =
      xml_error_of(parse_list_objects_v2, "<ListBucketResult><Contents><Key>k</Key><Size>" +
                                              long_size + "</Size></Contents></ListBucketResult>");
  // 200 nines overflow 64 bits; the message shows 64 of them and an ellipsis.
  EXPECT_EQ(message,
            "ListBucketResult: <Size> is not a number: \"" + std::string(64, '9') + "...\"");
}

// ---------------------------------------------------------------------------------------------
// Malformed documents and wrong roots, shown on ListObjectsV2 (all parsers share the checks).

TEST(MalformedXmlTest, WrongRootElementIsNamed) {
  EXPECT_EQ(xml_error_of(parse_list_objects_v2,
                         "<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>"),
            "ListBucketResult: expected root element <ListBucketResult>, found "
            "<ListAllMyBucketsResult>");
  EXPECT_EQ(xml_error_of(parse_copy_object_result,
                         "<Error><Code>InternalError</Code><Message>x</Message></Error>"),
            "CopyObjectResult: expected root element <CopyObjectResult>, found <Error>");
}

TEST(MalformedXmlTest, EmptyOrWhitespaceBodyHasNoElement) {
  EXPECT_EQ(xml_error_of(parse_list_objects_v2, ""),
            "ListBucketResult: the body holds no XML element");
  EXPECT_EQ(xml_error_of(parse_list_objects_v2, "  \r\n  "),
            "ListBucketResult: the body holds no XML element");
}

TEST(MalformedXmlTest, SyntaxErrorsGiveTheByteOffset) {
  const std::string truncated = "<ListBucketResult><Contents><Key>k</Key>";
  EXPECT_EQ(xml_error_of(parse_list_objects_v2, truncated),
            "ListBucketResult: malformed XML at byte 40: unexpected end of data");
  const std::string mismatched = "<ListBucketResult><Name>b</Size></ListBucketResult>";
  const std::string message = xml_error_of(parse_list_objects_v2, mismatched);
  EXPECT_TRUE(starts_with(message, "ListBucketResult: malformed XML at byte "));
  EXPECT_NE(message.find("invalid closing tag name"), std::string::npos) << message;
  EXPECT_TRUE(starts_with(xml_error_of(parse_list_objects_v2, "not xml at all"),
                          "ListBucketResult: malformed XML at byte 0: expected <"));
}

TEST(MalformedXmlTest, TwoRootElementsAreAnError) {
  EXPECT_EQ(xml_error_of(parse_list_objects_v2, "<ListBucketResult/><ListBucketResult/>"),
            "ListBucketResult: more than one root element");
}

TEST(MalformedXmlTest, NulByteIsAnErrorRatherThanATruncation) {
  const std::string body("<ListBucketResult/>\0<junk", 25);
  EXPECT_EQ(xml_error_of(parse_list_objects_v2, body),
            "ListBucketResult: the body contains a NUL byte");
}

// ---------------------------------------------------------------------------------------------
// CopyObject and UploadPartCopy

TEST(ParseCopyResultTest, CopyObjectResult) {
  const CopyResult result = parse_copy_object_result(R"(<?xml version="1.0" encoding="UTF-8"?>
<CopyObjectResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
   <LastModified>2009-10-28T22:32:00.000Z</LastModified>
   <ETag>"9b2cf535f27731c974343645a3985328"</ETag>
</CopyObjectResult>)");
  EXPECT_EQ(result.etag, "9b2cf535f27731c974343645a3985328");
  EXPECT_EQ(result.last_modified, "2009-10-28T22:32:00.000Z");
}

TEST(ParseCopyResultTest, CopyObjectResultAfterKeepAliveWhitespace) {
  // AWS writes spaces while a long copy runs, then the document.
  const std::string body = std::string(300, ' ') + "\n" +
                           R"(<?xml version="1.0" encoding="UTF-8"?>)"
                           "\n<CopyObjectResult><LastModified>2024-05-06T07:08:09.000Z"
                           "</LastModified><ETag>\"abc\"</ETag></CopyObjectResult>";
  const CopyResult result = parse_copy_object_result(body);
  EXPECT_EQ(result.etag, "abc");
  EXPECT_EQ(result.last_modified, "2024-05-06T07:08:09.000Z");
}

TEST(ParseCopyResultTest, CopyPartResult) {
  const CopyResult result = parse_copy_part_result(R"(<?xml version="1.0" encoding="UTF-8"?>
<CopyPartResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
   <LastModified>2011-04-11T20:34:56.000Z</LastModified>
   <ETag>"9b2cf535f27731c974343645a3985328"</ETag>
</CopyPartResult>)");
  EXPECT_EQ(result.etag, "9b2cf535f27731c974343645a3985328");
  EXPECT_EQ(result.last_modified, "2011-04-11T20:34:56.000Z");
}

TEST(ParseCopyResultTest, EtagIsRequiredAndRootsAreNotInterchangeable) {
  EXPECT_EQ(xml_error_of(parse_copy_object_result,
                         "<CopyObjectResult><LastModified>x</LastModified></CopyObjectResult>"),
            "CopyObjectResult: <CopyObjectResult> lacks <ETag>");
  EXPECT_EQ(xml_error_of(parse_copy_part_result,
                         "<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>"),
            "CopyPartResult: expected root element <CopyPartResult>, found <CopyObjectResult>");
}

TEST(ParseCopyResultTest, UnquotedEtagIsKeptAsItIs) {
  EXPECT_EQ(parse_copy_part_result("<CopyPartResult><ETag>plain</ETag></CopyPartResult>").etag,
            "plain");
}

// ---------------------------------------------------------------------------------------------
// Multipart uploads

TEST(ParseInitiateMultipartUploadTest, ReadsKeyAndUploadId) {
  const MultipartUpload upload =
      parse_initiate_multipart_upload(R"(<?xml version="1.0" encoding="UTF-8"?>
<InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Bucket>example-bucket</Bucket>
  <Key>example &amp; object</Key>
  <UploadId>VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA</UploadId>
</InitiateMultipartUploadResult>)");
  EXPECT_EQ(upload.key, "example & object");
  EXPECT_EQ(upload.upload_id, "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA");
  EXPECT_EQ(upload.initiated, "");
}

TEST(ParseInitiateMultipartUploadTest, MissingOrEmptyUploadIdIsAnError) {
  EXPECT_EQ(xml_error_of(parse_initiate_multipart_upload,
                         "<InitiateMultipartUploadResult><Key>k</Key>"
                         "</InitiateMultipartUploadResult>"),
            "InitiateMultipartUploadResult: <InitiateMultipartUploadResult> lacks <UploadId>");
  EXPECT_EQ(xml_error_of(parse_initiate_multipart_upload,
                         "<InitiateMultipartUploadResult><UploadId/>"
                         "</InitiateMultipartUploadResult>"),
            "InitiateMultipartUploadResult: <UploadId> is empty");
}

TEST(ParseDeleteResultTest, QuietAnswerListsOnlyTheFailures) {
  // The example of AWS's DeleteObjects page, quiet mode: deleted keys are not listed.
  const std::vector<DeleteFailure> failures =
      parse_delete_result(R"(<?xml version="1.0" encoding="UTF-8"?>
<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Error>
    <Key>sample2.txt</Key>
    <Code>AccessDenied</Code>
    <Message>Access Denied</Message>
  </Error>
</DeleteResult>)");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].key, "sample2.txt");
  EXPECT_EQ(failures[0].code, "AccessDenied");
  EXPECT_EQ(failures[0].message, "Access Denied");
}

TEST(ParseDeleteResultTest, EverythingDeletedIsAnEmptyList) {
  EXPECT_TRUE(
      parse_delete_result(R"(<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
                          "<Deleted><Key>a</Key></Deleted></DeleteResult>")
          .empty());
  EXPECT_EQ(xml_error_of(parse_delete_result, "<Other/>"),
            "DeleteResult: expected root element <DeleteResult>, found <Other>");
}

TEST(ParseCompleteMultipartUploadTest, AwsResult) {
  const CompleteResult result =
      parse_complete_multipart_upload(R"(<?xml version="1.0" encoding="UTF-8"?>
<CompleteMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Location>https://example-bucket.s3.eu-west-1.amazonaws.com/Example-Object</Location>
  <Bucket>example-bucket</Bucket>
  <Key>Example-Object</Key>
  <ETag>"3858f62230ac3c915f300c664312c11f-9"</ETag>
</CompleteMultipartUploadResult>)");
  EXPECT_EQ(result.location, "https://example-bucket.s3.eu-west-1.amazonaws.com/Example-Object");
  EXPECT_EQ(result.bucket, "example-bucket");
  EXPECT_EQ(result.key, "Example-Object");
  EXPECT_EQ(result.etag, "3858f62230ac3c915f300c664312c11f-9");
}

TEST(ParseListPartsTest, MotosRootElementNameIsTolerated) {
  const ListPartsPage page = parse_list_parts(
      "<ListPartsResponse><IsTruncated>false</IsTruncated><Part><PartNumber>1</PartNumber>"
      "<ETag>\"e\"</ETag><Size>5</Size></Part></ListPartsResponse>");
  ASSERT_EQ(page.parts.size(), 1u);
  EXPECT_EQ(page.parts[0].size, 5u);
}

TEST(ParseCompleteMultipartUploadTest, MotosRootElementNameIsTolerated) {
  const CompleteResult result = parse_complete_multipart_upload(
      R"(<?xml version="1.0" encoding="utf-8"?>)"
      R"(<CompleteMultipartUploadResponse xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
      "<Location>http://msrc.s3.amazonaws.com/z</Location><Bucket>msrc</Bucket><Key>z</Key>"
      R"(<ETag>"9dc2b5968307ce171ec8a2a9251a60d9-1"</ETag></CompleteMultipartUploadResponse>)");
  EXPECT_EQ(result.etag, "9dc2b5968307ce171ec8a2a9251a60d9-1");
  EXPECT_EQ(result.key, "z");
  EXPECT_EQ(xml_error_of(parse_complete_multipart_upload, "<CompleteMultipartUploadOther/>"),
            "CompleteMultipartUploadResult: expected root element <CompleteMultipartUploadResult>, "
            "found <CompleteMultipartUploadOther>");
}

TEST(ParseCompleteMultipartUploadTest, RadosgwEmptyEtagIsTolerated) {
  const CompleteResult result = parse_complete_multipart_upload(
      R"(<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUploadResult )"
      R"(xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Location>http://127.0.0.1:7480/b/k</Location>)"
      "<Bucket>b</Bucket><Key>k</Key><ETag></ETag></CompleteMultipartUploadResult>");
  EXPECT_EQ(result.etag, "");
  EXPECT_EQ(result.key, "k");
  EXPECT_EQ(result.location, "http://127.0.0.1:7480/b/k");
}

TEST(ParseCompleteMultipartUploadTest, LeadingKeepAliveWhitespaceIsTolerated) {
  const CompleteResult result = parse_complete_multipart_upload(
      "\n \n \n \n"
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      "\n<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>"
      "<ETag>\"e-2\"</ETag></CompleteMultipartUploadResult>");
  EXPECT_EQ(result.etag, "e-2");
  EXPECT_EQ(result.bucket, "b");
}

TEST(ParseListPartsTest, ReadsTruncatedPage) {
  const ListPartsPage page = parse_list_parts(R"(<?xml version="1.0" encoding="UTF-8"?>
<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Bucket>example-bucket</Bucket>
  <Key>example-object</Key>
  <UploadId>XXBsb2FkIElEIGZvciBlbHZpbmcncyVcdS1tb3ZpZS5tMnRzEEEwbG9hZA</UploadId>
  <Initiator>
      <ID>arn:aws:iam::111122223333:user/some-user-11116a31-17b5-4fb7-9df5-b288870f11xx</ID>
      <DisplayName>umat-user-11116a31-17b5-4fb7-9df5-b288870f11xx</DisplayName>
  </Initiator>
  <Owner>
    <ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>
    <DisplayName>someName</DisplayName>
  </Owner>
  <StorageClass>STANDARD</StorageClass>
  <PartNumberMarker>1</PartNumberMarker>
  <NextPartNumberMarker>3</NextPartNumberMarker>
  <MaxParts>2</MaxParts>
  <IsTruncated>true</IsTruncated>
  <Part>
    <PartNumber>2</PartNumber>
    <LastModified>2010-11-10T20:48:34.000Z</LastModified>
    <ETag>"7778aef83f66abc1fa1e8477f296d394"</ETag>
    <Size>10485760</Size>
  </Part>
  <Part>
    <PartNumber>3</PartNumber>
    <LastModified>2010-11-10T20:48:33.000Z</LastModified>
    <ETag>"aaaa18db4cc2f85cedef654fccc4a4x8"</ETag>
    <Size>5368709120</Size>
  </Part>
</ListPartsResult>)");
  ASSERT_EQ(page.parts.size(), 2u);
  EXPECT_EQ(page.parts[0].part_number, 2);
  EXPECT_EQ(page.parts[0].etag, "7778aef83f66abc1fa1e8477f296d394");
  EXPECT_EQ(page.parts[0].size, 10485760u);
  EXPECT_EQ(page.parts[0].last_modified, "2010-11-10T20:48:34.000Z");
  EXPECT_EQ(page.parts[1].part_number, 3);
  EXPECT_EQ(page.parts[1].size, 5368709120u);
  EXPECT_TRUE(page.is_truncated);
  EXPECT_EQ(page.next_part_number_marker, 3);
}

TEST(ParseListPartsTest, LastPageAndErrors) {
  const ListPartsPage page = parse_list_parts(
      "<ListPartsResult><IsTruncated>false</IsTruncated><NextPartNumberMarker></"
      "NextPartNumberMarker>"
      "<Part><PartNumber>1</PartNumber><ETag>\"a\"</ETag><Size>5</Size></Part></ListPartsResult>");
  EXPECT_FALSE(page.is_truncated);
  EXPECT_EQ(page.next_part_number_marker, 0);
  ASSERT_EQ(page.parts.size(), 1u);
  EXPECT_EQ(page.parts[0].etag, "a");

  EXPECT_EQ(xml_error_of(parse_list_parts,
                         "<ListPartsResult><IsTruncated>true</IsTruncated></ListPartsResult>"),
            "ListPartsResult: <IsTruncated> is true but <NextPartNumberMarker> is missing");
  EXPECT_EQ(xml_error_of(parse_list_parts,
                         "<ListPartsResult><Part><PartNumber>one</PartNumber><Size>1</Size></Part>"
                         "</ListPartsResult>"),
            "ListPartsResult: <PartNumber> is not a number: \"one\"");
  EXPECT_EQ(xml_error_of(parse_list_parts,
                         "<ListPartsResult><Part><PartNumber>99999999999</PartNumber><Size>1</Size>"
                         "</Part></ListPartsResult>"),
            "ListPartsResult: <PartNumber> is not a number: \"99999999999\"");
}

constexpr std::string_view kUploadsPage = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Bucket>bucket</Bucket>
  <KeyMarker></KeyMarker>
  <UploadIdMarker></UploadIdMarker>
  <NextKeyMarker>my-movie.m2ts</NextKeyMarker>
  <NextUploadIdMarker>YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ</NextUploadIdMarker>
  <MaxUploads>2</MaxUploads>
  <IsTruncated>true</IsTruncated>
  <Upload>
    <Key>my-divisor</Key>
    <UploadId>XMgbGlrZSBlbHZpbmcncyBub3QgaGF2aW5nIG11Y2ggbHVjaw</UploadId>
    <Initiator>
      <ID>arn:aws:iam::111122223333:user/user1-11111a31-17b5-4fb7-9df5-b111111f13de</ID>
      <DisplayName>user1-11111a31-17b5-4fb7-9df5-b111111f13de</DisplayName>
    </Initiator>
    <Owner>
      <ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>
      <DisplayName>OwnerDisplayName</DisplayName>
    </Owner>
    <StorageClass>REDUCED_REDUNDANCY</StorageClass>
    <Initiated>2010-11-10T20:48:33.000Z</Initiated>
  </Upload>
  <Upload>
    <Key>my-movie.m2ts</Key>
    <UploadId>YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ</UploadId>
    <StorageClass>STANDARD</StorageClass>
    <Initiated>2010-11-10T20:48:33.000Z</Initiated>
  </Upload>
</ListMultipartUploadsResult>)";

TEST(ParseListMultipartUploadsTest, ReadsTruncatedPage) {
  const ListUploadsPage page = parse_list_multipart_uploads(kUploadsPage);
  ASSERT_EQ(page.uploads.size(), 2u);
  EXPECT_EQ(page.uploads[0].key, "my-divisor");
  EXPECT_EQ(page.uploads[0].upload_id, "XMgbGlrZSBlbHZpbmcncyBub3QgaGF2aW5nIG11Y2ggbHVjaw");
  EXPECT_EQ(page.uploads[0].initiated, "2010-11-10T20:48:33.000Z");
  EXPECT_EQ(page.uploads[1].key, "my-movie.m2ts");
  EXPECT_TRUE(page.is_truncated);
  EXPECT_EQ(page.next_key_marker, "my-movie.m2ts");
  EXPECT_EQ(page.next_upload_id_marker, "YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ");
}

TEST(ParseListMultipartUploadsTest, UrlEncodedKeysAndMarkerAreDecoded) {
  const ListUploadsPage page = parse_list_multipart_uploads(
      "<ListMultipartUploadsResult><EncodingType>url</EncodingType>"
      "<NextKeyMarker>dir%2Fa+b%2Bc</NextKeyMarker><NextUploadIdMarker>u+2</NextUploadIdMarker>"
      "<IsTruncated>true</IsTruncated>"
      "<Upload><Key>dir%2Fa+b%2Bc</Key><UploadId>u+2</UploadId></Upload>"
      "</ListMultipartUploadsResult>");
  ASSERT_EQ(page.uploads.size(), 1u);
  EXPECT_EQ(page.uploads[0].key, "dir/a b+c");
  EXPECT_EQ(page.next_key_marker, "dir/a b+c");
  // Upload ids are not URL-encoded by S3: a '+' in one is a '+'.
  EXPECT_EQ(page.uploads[0].upload_id, "u+2");
  EXPECT_EQ(page.next_upload_id_marker, "u+2");
}

TEST(ParseListMultipartUploadsTest, RadosgwEncodesUploadKeysWithoutSayingSo) {
  // What radosgw 16 answers to ?uploads&encoding-type=url: keys encoded, no <EncodingType>,
  // NextKeyMarker plain.
  constexpr std::string_view kBody =
      "<ListMultipartUploadsResult><NextKeyMarker>x y+z</NextKeyMarker>"
      "<NextUploadIdMarker>2~tJB</NextUploadIdMarker><IsTruncated>false</IsTruncated>"
      "<Upload><Key>x%20y%2Bz</Key><UploadId>2~tJB</UploadId></Upload>"
      "</ListMultipartUploadsResult>";
  const ListUploadsPage asked = parse_list_multipart_uploads(kBody, true);
  ASSERT_EQ(asked.uploads.size(), 1u);
  EXPECT_EQ(asked.uploads[0].key, "x y+z");
  EXPECT_EQ(asked.next_key_marker, "x y+z");
  EXPECT_EQ(parse_list_multipart_uploads(kBody).uploads[0].key, "x%20y%2Bz");
}

TEST(ParseListMultipartUploadsTest, KeysThatCannotBeUrlEncodingAreTakenAsSent) {
  // What moto 5 answers to ?uploads&encoding-type=url: keys as they are, no <EncodingType>.
  constexpr std::string_view kBody =
      "<ListMultipartUploadsResult><IsTruncated>false</IsTruncated>"
      "<Upload><Key>multi part/\xc3\xa9t\xc3\xa9+1</Key><UploadId>a</UploadId></Upload>"
      "<Upload><Key>tab\there%2B</Key><UploadId>b</UploadId></Upload>"
      "<Upload><Key>plain%2Bencoded+form</Key><UploadId>c</UploadId></Upload>"
      "</ListMultipartUploadsResult>";
  const ListUploadsPage asked = parse_list_multipart_uploads(kBody, true);
  ASSERT_EQ(asked.uploads.size(), 3u);
  EXPECT_EQ(asked.uploads[0].key, "multi part/\xc3\xa9t\xc3\xa9+1");
  EXPECT_EQ(asked.uploads[1].key, "tab\there%2B");
  // Nothing shows that this one is not encoded: it is decoded, as radosgw's are.
  EXPECT_EQ(asked.uploads[2].key, "plain+encoded form");
}

TEST(ParseListMultipartUploadsTest, Errors) {
  EXPECT_EQ(xml_error_of([](std::string_view b) { return parse_list_multipart_uploads(b); },
                         "<ListMultipartUploadsResult><IsTruncated>true</IsTruncated>"
                         "</ListMultipartUploadsResult>"),
            "ListMultipartUploadsResult: <IsTruncated> is true but <NextKeyMarker> is missing");
  EXPECT_EQ(xml_error_of([](std::string_view b) { return parse_list_multipart_uploads(b); },
                         "<ListMultipartUploadsResult><Upload><Key>k</Key></Upload>"
                         "</ListMultipartUploadsResult>"),
            "ListMultipartUploadsResult: <Upload> lacks <UploadId>");
}

// ---------------------------------------------------------------------------------------------
// Tagging, ACLs, location

TEST(ParseTaggingTest, ReadsTagsInOrderWithEmptyValues) {
  const std::vector<Tag> tags = parse_tagging(R"(<?xml version="1.0" encoding="UTF-8"?>
<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <TagSet>
     <Tag>
       <Key>tag1</Key>
       <Value>val1</Value>
     </Tag>
     <Tag><Key>project &amp; team</Key><Value></Value></Tag>
     <Tag><Key>blank</Key><Value> </Value></Tag>
     <Tag><Key>none</Key><Value/></Tag>
  </TagSet>
</Tagging>)");
  EXPECT_EQ(tags, (std::vector<Tag>{
                      {"tag1", "val1"}, {"project & team", ""}, {"blank", " "}, {"none", ""}}));
}

TEST(ParseTaggingTest, EmptyTagSetAndMissingKey) {
  EXPECT_TRUE(parse_tagging("<Tagging><TagSet/></Tagging>").empty());
  EXPECT_TRUE(parse_tagging("<Tagging/>").empty());
  EXPECT_EQ(xml_error_of(parse_tagging,
                         "<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet>"
                         "</Tagging>"),
            "Tagging: <Tag> lacks <Key>");
}

constexpr std::string_view kAcl = R"(<?xml version="1.0" encoding="UTF-8"?>
<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Owner>
    <ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>
    <DisplayName>CustomersName@amazon.com</DisplayName>
  </Owner>
  <AccessControlList>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">
        <ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>
        <DisplayName>CustomersName@amazon.com</DisplayName>
      </Grantee>
      <Permission>FULL_CONTROL</Permission>
    </Grant>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="AmazonCustomerByEmail">
        <EmailAddress>xyz@amazon.com</EmailAddress>
      </Grantee>
      <Permission>WRITE_ACP</Permission>
    </Grant>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group">
        <URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>
      </Grantee>
      <Permission>READ</Permission>
    </Grant>
  </AccessControlList>
</AccessControlPolicy>)";

TEST(ParseAccessControlPolicyTest, ReadsOwnerAndEveryGranteeType) {
  const AccessControlPolicy policy = parse_access_control_policy(kAcl);
  EXPECT_EQ(policy.owner_id, "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a");
  EXPECT_EQ(policy.owner_display_name, "CustomersName@amazon.com");
  ASSERT_EQ(policy.grants.size(), 3u);
  EXPECT_EQ(policy.grants[0].grantee_type, "CanonicalUser");
  EXPECT_EQ(policy.grants[0].id,
            "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a");
  EXPECT_EQ(policy.grants[0].display_name, "CustomersName@amazon.com");
  EXPECT_EQ(policy.grants[0].permission, "FULL_CONTROL");
  EXPECT_EQ(policy.grants[1].grantee_type, "AmazonCustomerByEmail");
  EXPECT_EQ(policy.grants[1].email, "xyz@amazon.com");
  EXPECT_EQ(policy.grants[1].permission, "WRITE_ACP");
  EXPECT_EQ(policy.grants[2].grantee_type, "Group");
  EXPECT_EQ(policy.grants[2].uri, "http://acs.amazonaws.com/groups/global/AllUsers");
  EXPECT_EQ(policy.grants[2].permission, "READ");
}

TEST(ParseAccessControlPolicyTest, GranteeWithoutXsiTypeGetsTheTypeItsFieldsImply) {
  const AccessControlPolicy policy = parse_access_control_policy(
      "<AccessControlPolicy><AccessControlList>"
      "<Grant><Grantee><ID>abc</ID></Grantee><Permission>READ</Permission></Grant>"
      "<Grant><Grantee><URI>http://acs.amazonaws.com/groups/global/AuthenticatedUsers</URI>"
      "</Grantee><Permission>WRITE</Permission></Grant>"
      "<Grant><Grantee><EmailAddress>a@b.c</EmailAddress></Grantee>"
      "<Permission>READ_ACP</Permission></Grant>"
      "</AccessControlList></AccessControlPolicy>");
  ASSERT_EQ(policy.grants.size(), 3u);
  EXPECT_EQ(policy.grants[0].grantee_type, "CanonicalUser");
  EXPECT_EQ(policy.grants[1].grantee_type, "Group");
  EXPECT_EQ(policy.grants[2].grantee_type, "AmazonCustomerByEmail");
  EXPECT_EQ(policy.owner_id, "");
}

TEST(ParseAccessControlPolicyTest, UnknownGranteeTypeOrPermissionIsAnError) {
  EXPECT_EQ(
      xml_error_of(
          parse_access_control_policy,
          "<AccessControlPolicy><AccessControlList><Grant>"
          R"(<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Robot">)"
          "<ID>x</ID></Grantee><Permission>READ</Permission></Grant>"
          "</AccessControlList></AccessControlPolicy>"),
      "AccessControlPolicy: unknown grantee type \"Robot\"");
  EXPECT_EQ(xml_error_of(parse_access_control_policy,
                         "<AccessControlPolicy><AccessControlList><Grant><Grantee><ID>x</ID>"
                         "</Grantee><Permission>DELETE</Permission></Grant>"
                         "</AccessControlList></AccessControlPolicy>"),
            "AccessControlPolicy: unknown permission \"DELETE\"");
  EXPECT_EQ(xml_error_of(parse_access_control_policy,
                         "<AccessControlPolicy><AccessControlList><Grant><Grantee/>"
                         "<Permission>READ</Permission></Grant>"
                         "</AccessControlList></AccessControlPolicy>"),
            "AccessControlPolicy: <Grantee> has no xsi:type and no ID, EmailAddress or URI");
  EXPECT_EQ(xml_error_of(parse_access_control_policy,
                         "<AccessControlPolicy><AccessControlList><Grant>"
                         "<Permission>READ</Permission></Grant>"
                         "</AccessControlList></AccessControlPolicy>"),
            "AccessControlPolicy: <Grant> lacks <Grantee>");
}

TEST(ParseLocationConstraintTest, MapsEmptyToUsEast1AndEuToEuWest1) {
  EXPECT_EQ(parse_location_constraint(R"(<?xml version="1.0" encoding="UTF-8"?>
<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-central-1</LocationConstraint>)"),
            "eu-central-1");
  EXPECT_EQ(parse_location_constraint(
                R"(<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>)"),
            "us-east-1");
  EXPECT_EQ(parse_location_constraint("<LocationConstraint></LocationConstraint>"), "us-east-1");
  EXPECT_EQ(parse_location_constraint("<LocationConstraint>EU</LocationConstraint>"), "eu-west-1");
  EXPECT_EQ(xml_error_of(parse_location_constraint, "<Location>x</Location>"),
            "LocationConstraint: expected root element <LocationConstraint>, found <Location>");
}

// ---------------------------------------------------------------------------------------------
// <Error> documents

TEST(ParseErrorDocumentTest, ReadsEveryField) {
  const std::optional<S3Error> error =
      parse_error_document(R"(<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>AuthorizationHeaderMalformed</Code>
  <Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message>
  <Region>eu-west-1</Region>
  <Resource>/mybucket/myfoto.jpg</Resource>
  <Endpoint>mybucket.s3.eu-west-1.amazonaws.com</Endpoint>
  <RequestId>4442587FB7D0A2F9</RequestId>
  <HostId>Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==</HostId>
</Error>)");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, "AuthorizationHeaderMalformed");
  EXPECT_EQ(error->message,
            "The authorization header is malformed; the region 'us-east-1' is wrong; expecting "
            "'eu-west-1'");
  EXPECT_EQ(error->region, "eu-west-1");
  EXPECT_EQ(error->resource, "/mybucket/myfoto.jpg");
  EXPECT_EQ(error->endpoint, "mybucket.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(error->request_id, "4442587FB7D0A2F9");
  EXPECT_EQ(error->http_status, 0);
}

TEST(ParseErrorDocumentTest, RadosgwErrorWithOnlyACode) {
  const std::optional<S3Error> error = parse_error_document(
      R"(<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucket</Code></Error>)");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, "NoSuchBucket");
  EXPECT_EQ(error->message, "");
  EXPECT_EQ(error->request_id, "");
}

TEST(ParseErrorDocumentTest, LeadingWhitespaceBeforeTheErrorIsAllowed) {
  const std::optional<S3Error> error = parse_error_document(
      "      \n\n      \n"
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      "\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try "
      "again.</Message></Error>");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, "InternalError");
  EXPECT_EQ(error->message, "We encountered an internal error. Please try again.");
}

TEST(ParseErrorDocumentTest, AnythingElseIsNotAnError) {
  EXPECT_FALSE(parse_error_document(""));
  EXPECT_FALSE(parse_error_document("   \n"));
  EXPECT_FALSE(parse_error_document("<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>"));
  EXPECT_FALSE(parse_error_document("<html><body><h1>502 Bad Gateway Error</h1></body></html>"));
  EXPECT_FALSE(parse_error_document("Internal Server Error"));
  EXPECT_FALSE(parse_error_document("<Error><Code>InternalError</Code>"));  // cut short
  EXPECT_FALSE(parse_error_document("<Errors><Error><Code>x</Code></Error></Errors>"));
}

// ---------------------------------------------------------------------------------------------
// Builders

constexpr std::string_view kDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

// Keys S3 accepts that XML and naive builders mishandle.
const std::vector<std::string>& hostile_texts() {
  static const std::vector<std::string> texts = {
      "a&b",           "<tag>",      "\"quoted\"",
      "it's",          "]]>",        "&amp;",
      "line1\nline2",  "cr\rlf\r\n", "tab\there",
      "  padded  ",    "+plus%2B",   "caf\xC3\xA9/\xE6\x97\xA5\xE6\x9C\xAC/\xF0\x9F\x98\x80",
      "<![CDATA[x]]>", "&#13;",      "\x7F",
  };
  return texts;
}

// Re-parses a builder's output with plain RapidXML and returns the text of each element named
// `name` anywhere in the document, in document order.
std::vector<std::string> texts_named(std::string xml, std::string_view name) {
  rapidxml::xml_document<> doc;
  doc.parse<rapidxml::parse_validate_closing_tags>(xml.data());
  std::vector<std::string> found;
  std::vector<const rapidxml::xml_node<>*> pending = {doc.first_node()};
  while (!pending.empty()) {
    const rapidxml::xml_node<>* node = pending.back();
    pending.pop_back();
    if (std::string_view(node->name(), node->name_size()) == name) {
      found.emplace_back(node->value(), node->value_size());
    }
    std::vector<const rapidxml::xml_node<>*> children;
    for (const auto* child = node->first_node(); child != nullptr; child = child->next_sibling()) {
      if (child->type() == rapidxml::node_element) children.push_back(child);
    }
    pending.insert(pending.end(), children.rbegin(), children.rend());
  }
  return found;
}

TEST(BuildDeleteObjectsTest, ExactOutput) {
  EXPECT_EQ(build_delete_objects({"a&b", "x"}, true),
            std::string(kDeclaration) +
                R"(<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>)"
                "<Object><Key>a&amp;b</Key></Object><Object><Key>x</Key></Object></Delete>");
  EXPECT_EQ(build_delete_objects({}, false),
            std::string(kDeclaration) +
                R"(<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>false</Quiet>)"
                "</Delete>");
}

TEST(BuildDeleteObjectsTest, HostileKeysReadBackExactly) {
  const std::string xml = build_delete_objects(hostile_texts(), true);
  EXPECT_EQ(texts_named(xml, "Key"), hostile_texts());
  EXPECT_EQ(texts_named(xml, "Quiet"), std::vector<std::string>{"true"});
}

TEST(BuildDeleteObjectsTest, LineBreaksAndTabsAreWrittenAsReferences) {
  // A raw CR would become LF in any conforming parser; S3's parser is one.
  EXPECT_NE(build_delete_objects({"a\r\n\tb"}, false).find("<Key>a&#13;&#10;&#9;b</Key>"),
            std::string::npos);
}

TEST(BuildDeleteObjectsTest, CharactersXmlCannotCarryAreRefused) {
  try {
    build_delete_objects({"fine", "bell\x07key"}, true);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& error) {
    EXPECT_EQ(std::string(error.what()),
              "build_delete_objects: U+0007 at byte 4 of a text cannot be carried by XML 1.0");
  }
  EXPECT_THROW(build_delete_objects({std::string("nul\0key", 7)}, true), std::invalid_argument);
  EXPECT_THROW(build_delete_objects({"\xEF\xBF\xBF"}, true), std::invalid_argument);
}

TEST(XmlCanCarryTest, FollowsXml10CharProduction) {
  EXPECT_TRUE(xml_can_carry(""));
  EXPECT_TRUE(xml_can_carry("\t\n\r plain & <markup>"));
  EXPECT_TRUE(xml_can_carry("\x7F"));
  EXPECT_TRUE(xml_can_carry("\xEF\xBF\xBD"));  // U+FFFD is allowed
  EXPECT_TRUE(xml_can_carry("\xEF\xBF"));      // too short to be U+FFFE/U+FFFF
  EXPECT_FALSE(xml_can_carry("\x01"));
  EXPECT_FALSE(xml_can_carry("a\x1F"));
  EXPECT_FALSE(xml_can_carry("\x0B"));
  EXPECT_FALSE(xml_can_carry(std::string("\0", 1)));
  EXPECT_FALSE(xml_can_carry("x\xEF\xBF\xBE"));
  EXPECT_FALSE(xml_can_carry("\xEF\xBF\xBFx"));
}

TEST(BuildCompleteMultipartUploadTest, ExactOutputWithQuotedEtags) {
  const std::vector<PartInfo> parts = {{1, "a54357aff0632cce46d942af68356b38", 0, ""},
                                       {2, "0c78aef83f66abc1fa1e8477f296d394", 0, ""}};
  const std::string xml = build_complete_multipart_upload(parts);
  EXPECT_EQ(xml, std::string(kDeclaration) +
                     R"(<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
                     "<Part><PartNumber>1</PartNumber>"
                     "<ETag>&quot;a54357aff0632cce46d942af68356b38&quot;</ETag></Part>"
                     "<Part><PartNumber>2</PartNumber>"
                     "<ETag>&quot;0c78aef83f66abc1fa1e8477f296d394&quot;</ETag></Part>"
                     "</CompleteMultipartUpload>");
  EXPECT_EQ(texts_named(xml, "ETag"),
            (std::vector<std::string>{"\"a54357aff0632cce46d942af68356b38\"",
                                      "\"0c78aef83f66abc1fa1e8477f296d394\""}));
  EXPECT_EQ(texts_named(xml, "PartNumber"), (std::vector<std::string>{"1", "2"}));
}

TEST(BuildTaggingTest, HostileTagsRoundTripThroughParseTagging) {
  std::vector<Tag> tags;
  for (const std::string& text : hostile_texts()) tags.push_back({text, "value of " + text});
  tags.push_back({" ", " "});  // whitespace-only text survives too
  tags.push_back({"empty", ""});
  EXPECT_EQ(parse_tagging(build_tagging(tags)), tags);
}

TEST(BuildTaggingTest, ExactOutput) {
  EXPECT_EQ(build_tagging({{"k", "v'"}}),
            std::string(kDeclaration) +
                R"(<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>)"
                "<Tag><Key>k</Key><Value>v&apos;</Value></Tag></TagSet></Tagging>");
}

TEST(BuildAccessControlPolicyTest, RoundTripsEveryGranteeType) {
  AccessControlPolicy policy;
  policy.owner_id = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";
  policy.owner_display_name = "Owner <&> \"Name\"";
  policy.grants = {
      {"CanonicalUser", "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
       "user's name", "", "", "FULL_CONTROL"},
      {"AmazonCustomerByEmail", "", "", "a&b@example.com", "", "WRITE_ACP"},
      {"Group", "", "", "", "http://acs.amazonaws.com/groups/global/AllUsers", "READ"},
  };
  const AccessControlPolicy read_back =
      parse_access_control_policy(build_access_control_policy(policy));
  EXPECT_EQ(read_back.owner_id, policy.owner_id);
  EXPECT_EQ(read_back.owner_display_name, policy.owner_display_name);
  ASSERT_EQ(read_back.grants.size(), 3u);
  for (std::size_t i = 0; i < policy.grants.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(read_back.grants[i].grantee_type, policy.grants[i].grantee_type);
    EXPECT_EQ(read_back.grants[i].id, policy.grants[i].id);
    EXPECT_EQ(read_back.grants[i].display_name, policy.grants[i].display_name);
    EXPECT_EQ(read_back.grants[i].email, policy.grants[i].email);
    EXPECT_EQ(read_back.grants[i].uri, policy.grants[i].uri);
    EXPECT_EQ(read_back.grants[i].permission, policy.grants[i].permission);
  }
}

TEST(BuildAccessControlPolicyTest, GranteesCarryTheXsiDeclarationAndType) {
  AccessControlPolicy policy;
  policy.owner_id = "owner";
  policy.grants = {
      {"Group", "", "", "", "http://acs.amazonaws.com/groups/global/AllUsers", "READ"}};
  EXPECT_EQ(
      build_access_control_policy(policy),
      std::string(kDeclaration) +
          R"(<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
          "<Owner><ID>owner</ID></Owner><AccessControlList><Grant>"
          R"(<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group">)"
          "<URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee>"
          "<Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>");
}

TEST(BuildAccessControlPolicyTest, UnknownGranteeTypeIsRefused) {
  AccessControlPolicy policy;
  policy.grants = {{"Robot", "x", "", "", "", "READ"}};
  EXPECT_THROW(build_access_control_policy(policy), std::invalid_argument);
}

TEST(ParseListBucketsOwnerTest, ReadsTheCallersCanonicalId) {
  EXPECT_EQ(parse_list_buckets_owner(
                "<ListAllMyBucketsResult><Owner><ID>s3copy-test</ID><DisplayName>t</DisplayName>"
                "</Owner><Buckets/></ListAllMyBucketsResult>"),
            "s3copy-test");
  EXPECT_EQ(xml_error_of(parse_list_buckets_owner, "<ListAllMyBucketsResult/>"),
            "ListAllMyBucketsResult: <Owner> is missing");
}

}  // namespace
}  // namespace s3copy::net
