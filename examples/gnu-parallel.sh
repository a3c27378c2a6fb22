#!/bin/sh
# Runs one s3copy job as N shard processes with GNU parallel, on this machine or spread over
# several (--sshloginfile): shard K of N copies the keys whose stable hash is K modulo N.
#
#   examples/gnu-parallel.sh s3://source-bucket/photos s3://destination-bucket/photos 8
#   SSH_HOSTS=hosts.txt examples/gnu-parallel.sh s3://src s3://dst 32   # spread over machines
#   examples/gnu-parallel.sh s3://src s3://dst 8 -t 100 --staged       # s3copy options follow
#
# Each shard writes its summary (--json, one line) to shard-K.json and its failures to
# shard-K.err. A shard that exits non-zero is retried (--retries); rerunning a shard copies only
# what is still missing. The script exits with the number of shards that still failed.
set -eu

source_path=${1:?usage: gnu-parallel.sh SOURCE DESTINATION [SHARDS] [s3copy options...]}
destination_path=${2:?usage: gnu-parallel.sh SOURCE DESTINATION [SHARDS] [s3copy options...]}
shards=${3:-4}
shift $(($# < 3 ? $# : 3))

# Credentials come from the usual places (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws, -c).
# On other machines each needs its own (~/.aws/credentials there): keys are not sent along.
remote=""
if [ -n "${SSH_HOSTS:-}" ]; then
  remote="--sshloginfile $SSH_HOSTS"
fi

# shellcheck disable=SC2086 # $remote is a list of options
seq 0 $((shards - 1)) | parallel --jobs "$shards" --retries 3 --halt never $remote \
  "s3copy '$source_path' '$destination_path' --shard {}/$shards --json --no-progress $* \
     > shard-{}.json 2> shard-{}.err"
