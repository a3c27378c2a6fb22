// The differ stage: merge-joins the sorted source and destination listings in constant memory and
// decides per object: copy (missing or changed) or skip (same). It never deletes anything.
#include "stages/differ.h"

#include "stages/semaphore.h"

#include <memory>

namespace s3copy::stages {

Judgement compare_listed(const plan::ObjectEntry& source,
                         const std::optional<plan::ObjectEntry>& destination) {
  if (!destination) return {Comparison::kCopy, "new"};
  if (destination->size != source.size) return {Comparison::kCopy, "size differs"};
  if (destination->etag == source.etag) return {Comparison::kSkip, "same size and ETag"};
  return {Comparison::kAskDestination, ""};
}

struct Differ::Impl {
  Impl(DifferSettings config, net::S3Client& reader, Ledger& books, CopyDecisions on_copy)
      : settings(with_at_least_one_head(std::move(config))),
        destination_reader(reader),
        ledger(books),
        copies(std::move(on_copy)),
        head_slots(std::make_shared<Semaphore>(settings.concurrency)) {}

  static DifferSettings with_at_least_one_head(DifferSettings config) {
    config.concurrency = std::max(1, config.concurrency);
    return config;
  }

  plan::Action action_for(const plan::ObjectEntry& source, const Judgement& judgement) const {
    plan::Action action;
    action.verdict =
        judgement.comparison == Comparison::kSkip ? plan::Verdict::kSkip : plan::Verdict::kCopy;
    action.reason = judgement.reason;
    action.source_bucket = settings.source_bucket;
    action.source = source;
    action.destination_bucket = settings.destination_bucket;
    action.destination_key = settings.destination_key_of(source.key);
    return action;
  }

  void settle(const plan::ObjectEntry& source, const Judgement& judgement, ObjectTicket ticket) {
    plan::Action action = action_for(source, judgement);
    if (action.verdict == plan::Verdict::kSkip) {
      ledger.record_skipped(std::move(ticket), action);
    } else {
      copies({std::move(action), std::move(ticket)});
    }
  }

  void judge(const plan::ObjectEntry& source, const std::optional<plan::ObjectEntry>& destination,
             ObjectTicket ticket) {
    const Judgement judgement = compare_listed(source, destination);
    if (judgement.comparison != Comparison::kAskDestination) {
      settle(source, judgement, std::move(ticket));
      return;
    }
    head_slots->wait();
    // Shared: the callback must be copyable, the ticket is not.
    auto held = std::make_shared<ObjectTicket>(std::move(ticket));
    destination_reader.head_object(
        settings.destination_bucket, settings.destination_key_of(source.key), std::nullopt,
        [this, source, held, slots = head_slots](net::Result<net::ObjectHead> head) {
          // A destination that cannot be read is treated as changed: copying again is safe.
          settle(source,
                 head.ok() ? compare_recorded(source, head.value())
                           : Judgement{Comparison::kCopy, "ETag differs; destination unreadable (" +
                                                              head.error().describe() + ")"},
                 std::move(*held));
          slots->signal();
        });
  }

  // Lets every destination HEAD still in flight finish before the differ is done.
  void drain_heads() {
    for (int i = 0; i < settings.concurrency; ++i) head_slots->wait();
    head_slots->signal(settings.concurrency);
  }

  DifferSettings settings;
  net::S3Client& destination_reader;
  Ledger& ledger;
  CopyDecisions copies;
  std::shared_ptr<Semaphore> head_slots;
};

Differ::Differ(DifferSettings settings, net::S3Client& destination_reader, Ledger& ledger,
               CopyDecisions copies)
    : impl_(std::make_unique<Impl>(std::move(settings), destination_reader, ledger,
                                   std::move(copies))) {}

Differ::~Differ() = default;

void Differ::join(Channel<plan::ObjectEntry>& source, Channel<plan::ObjectEntry>& destination) {
  std::optional<plan::ObjectEntry> pending_destination;
  bool destination_open = true;
  auto advance_destination = [&] {
    plan::ObjectEntry entry;
    destination_open = destination_open && destination.pop(entry);
    pending_destination = destination_open ? std::optional(std::move(entry)) : std::nullopt;
  };
  advance_destination();
  plan::ObjectEntry object;
  while (source.pop(object)) {
    while (pending_destination && pending_destination->key < object.key) advance_destination();
    std::optional<plan::ObjectEntry> match;
    if (pending_destination && pending_destination->key == object.key) match = pending_destination;
    if (impl_->ledger.job_failed()) continue;  // drain the listing, start nothing new
    ObjectTicket ticket =
        impl_->ledger.admit(impl_->settings.source_bucket, object.key, object.size);
    impl_->judge(object, match, std::move(ticket));
  }
  while (destination_open) advance_destination();  // let the destination lister finish
  impl_->drain_heads();
}

void Differ::judge_named(Channel<NamedObject>& named) {
  NamedObject object;
  while (named.pop(object)) {
    if (!object.problem.empty()) {
      impl_->ledger.record_failed(std::move(object.ticket),
                                  impl_->action_for(object.source, {Comparison::kCopy, ""}),
                                  object.problem);
      continue;
    }
    impl_->judge(object.source, object.destination, std::move(object.ticket));
  }
  impl_->drain_heads();
}

}  // namespace s3copy::stages
