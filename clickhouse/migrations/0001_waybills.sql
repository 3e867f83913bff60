-- The waybills, one local table per shard and a Distributed table over
-- them. Every version of a waybill is kept until a merge keeps the one
-- with the highest version; reads resolve versions with FINAL, which is
-- correct per shard because all versions of a waybill number land on the
-- same shard (sharding key cityHash64(no)). No partition key: a re-sent
-- waybill whose day moved to another month must still meet its old
-- version in one partition, since merges never cross partitions.
CREATE TABLE IF NOT EXISTS {database}.waybills_local (
    no String,
    accepted_at DateTime,
    day UInt32,
    office_code String,
    courier_staff_id String,
    customer_code String,
    sender_phone String,
    product String,
    weight_g Int64,
    postage_fen Int64,
    payment String,
    channel String,
    dest_province String,
    version UInt64
) ENGINE = ReplacingMergeTree(version) ORDER BY no;

CREATE TABLE IF NOT EXISTS {database}.waybills AS {database}.waybills_local
    ENGINE = Distributed({cluster}, {database}, waybills_local, cityHash64(no));
