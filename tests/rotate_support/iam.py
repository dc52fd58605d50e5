"""The tests' own IAM client, boto3 against the moto server at $MOTO_URL:
sets up a user's keys and tags before a case and reads IAM's state after.

  iam.py user NAME                  create the user
  iam.py key NAME                   create a key; print ID and secret
  iam.py inactive NAME ID           set a key Inactive
  iam.py tag NAME KEY VALUE         tag the user
  iam.py state NAME                 print {"keys": {ID: status}, "tags": {KEY: VALUE}}
  iam.py reader NAME                create a user who may only read IAM
                                    (List*, Get*, GetCallerIdentity) and a
                                    key for it; print ID and secret (3 calls)
"""
import json
import os
import sys

import boto3

iam = boto3.client(
    "iam",
    endpoint_url=os.environ["MOTO_URL"],
    region_name="us-east-1",
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
)
command, name, *rest = sys.argv[1:]
if command == "user":
    iam.create_user(UserName=name)
elif command == "key":
    key = iam.create_access_key(UserName=name)["AccessKey"]
    print(key["AccessKeyId"], key["SecretAccessKey"])
elif command == "inactive":
    iam.update_access_key(UserName=name, AccessKeyId=rest[0], Status="Inactive")
elif command == "tag":
    iam.tag_user(UserName=name, Tags=[{"Key": rest[0], "Value": rest[1]}])
elif command == "state":
    keys = iam.list_access_keys(UserName=name)["AccessKeyMetadata"]
    tags = iam.list_user_tags(UserName=name)["Tags"]
    print(json.dumps({
        "keys": {k["AccessKeyId"]: k["Status"] for k in keys},
        "tags": {t["Key"]: t["Value"] for t in tags},
    }, sort_keys=True))
elif command == "reader":
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="read-only", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": ["iam:List*", "iam:Get*", "sts:GetCallerIdentity"],
            "Resource": "*",
        }],
    }))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    print(key["AccessKeyId"], key["SecretAccessKey"])
else:
    sys.exit(f"unknown command {command}")
