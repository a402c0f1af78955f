#!/bin/sh
# Uploads the admin console (web/) to the stack's console bucket and makes CloudFront serve it at once.
#   deploy/publish-console.sh <stack-name> [--region R]
# Run after `sam deploy`. Needs the AWS CLI with rights to read the stack's outputs, write the bucket and
# create an invalidation. The module tests (web/test/) and web/README.md are not uploaded.
set -eu
cd "$(dirname "$0")/.."
stack="${1:?usage: deploy/publish-console.sh <stack-name> [--region R]}"
shift
output() {
  key="$1"
  shift
  aws cloudformation describe-stacks --stack-name "$stack" "$@" \
    --query "Stacks[0].Outputs[?OutputKey=='$key'].OutputValue" --output text
}
bucket=$(output ConsoleBucketName "$@")
distribution=$(output ConsoleDistributionId "$@")
url=$(output ConsoleDistributionUrl "$@")
# no-cache: browsers and CloudFront revalidate, so a new console shows on the next reload.
aws s3 sync web/ "s3://$bucket/" "$@" --delete --exclude "test/*" --exclude "README.md" --cache-control "no-cache"
aws cloudfront create-invalidation "$@" --distribution-id "$distribution" --paths "/*" >/dev/null
echo "Console published to $url (or your ConsoleDomainName); ConsoleUrl must be that address."
