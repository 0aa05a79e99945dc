# bash completion for mqtx. Generated from the command tree by `npm run gen`: do not edit.
# Install: source it from ~/.bashrc, or copy it to ~/.local/share/bash-completion/completions/mqtx
_mqtx_cmds_mqtx='pub sub rr respond record replay bench simulate certgen broker check bridge watch completion'
_mqtx_opts_mqtx='--version --help'
_mqtx_valued_mqtx='  '
_mqtx_args_mqtx=''
_mqtx_cmds_mqtx_pub=''
_mqtx_opts_mqtx_pub='-t --topic -m --message -f --file -s --stdin-file -l --stdin-line -n --null-message --encoding -q --qos -r --retain --repeat --repeat-delay --reconnect-timeout --content-type --correlation-data --message-expiry --payload-format-indicator --response-topic --topic-alias --user-property --encode --avro-single --proto --type --schema -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -c --disable-clean-session -x --session-expiry -D --property -A --bind-address --unix --proxy --ws --ws-path --nodelay -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --will-retain --cafile --capath --cert --key --no-tls --insecure --tls-keylog --tls-version --tls-alpn --ciphers --tls-use-os-certs --psk --psk-identity --servername --quiet -d --debug --help'
_mqtx_valued_mqtx_pub=' -t --topic -m --message -f --file --encoding -q --qos --repeat --repeat-delay --reconnect-timeout --content-type --correlation-data --message-expiry --response-topic --topic-alias --user-property --encode --proto --type --schema -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -x --session-expiry -D --property -A --bind-address --unix --proxy --ws-path -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --cafile --capath --cert --key --tls-keylog --tls-version --tls-alpn --ciphers --psk --psk-identity --servername '
_mqtx_args_mqtx_pub=''
_mqtx_cmds_mqtx_sub=''
_mqtx_opts_mqtx_sub='-t --topic -T --filter-out -q --qos -C --count -W --timeout --match -R --ignore-retained --retained-only --remove-retained -E --exit-after-subscribe -U --unsubscribe --random-filter --no-local --retain-as-published -w --watch --message-rate --retain-handling -v --verbose -N --no-eol -F --format --pretty --json --raw --human --full --decode --select --where --proto --type --schema -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -c --disable-clean-session -x --session-expiry -D --property -A --bind-address --unix --proxy --ws --ws-path --nodelay -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --will-retain --cafile --capath --cert --key --no-tls --insecure --tls-keylog --tls-version --tls-alpn --ciphers --tls-use-os-certs --psk --psk-identity --servername --quiet -d --debug --help'
_mqtx_valued_mqtx_sub=' -t --topic -T --filter-out -q --qos -C --count -W --timeout --match -U --unsubscribe --random-filter --retain-handling -F --format --decode --select --where --proto --type --schema -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -x --session-expiry -D --property -A --bind-address --unix --proxy --ws-path -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --cafile --capath --cert --key --tls-keylog --tls-version --tls-alpn --ciphers --psk --psk-identity --servername '
_mqtx_args_mqtx_sub=''
_mqtx_cmds_mqtx_rr=''
_mqtx_opts_mqtx_rr='-t --topic -e --response-topic -m --message -f --file -s --stdin-file -n --null-message --encoding -q --qos -C --count -W --timeout --latency --retain-handling -v --verbose -N --no-eol -F --format --pretty --json --raw --human --full --encode --avro-single --proto --type --schema --decode --select --where -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -c --disable-clean-session -x --session-expiry -D --property -A --bind-address --unix --proxy --ws --ws-path --nodelay -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --will-retain --cafile --capath --cert --key --no-tls --insecure --tls-keylog --tls-version --tls-alpn --ciphers --tls-use-os-certs --psk --psk-identity --servername --quiet -d --debug --help'
_mqtx_valued_mqtx_rr=' -t --topic -e --response-topic -m --message -f --file --encoding -q --qos -C --count -W --timeout --retain-handling -F --format --encode --proto --type --schema --decode --select --where -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -x --session-expiry -D --property -A --bind-address --unix --proxy --ws-path -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --cafile --capath --cert --key --tls-keylog --tls-version --tls-alpn --ciphers --psk --psk-identity --servername '
_mqtx_args_mqtx_rr=''
_mqtx_cmds_mqtx_respond=''
_mqtx_opts_mqtx_respond='-t --topic -e --response-topic -q --qos -C --count -W --timeout --concurrency -v --verbose -m --message -f --file -s --stdin-file -n --null-message --encoding --template --exec-timeout -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -c --disable-clean-session -x --session-expiry -D --property -A --bind-address --unix --proxy --ws --ws-path --nodelay -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --will-retain --cafile --capath --cert --key --no-tls --insecure --tls-keylog --tls-version --tls-alpn --ciphers --tls-use-os-certs --psk --psk-identity --servername --quiet -d --debug --help'
_mqtx_valued_mqtx_respond=' -t --topic -e --response-topic -q --qos -C --count -W --timeout --concurrency -m --message -f --file --encoding --template --exec-timeout -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -x --session-expiry -D --property -A --bind-address --unix --proxy --ws-path -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --cafile --capath --cert --key --tls-keylog --tls-version --tls-alpn --ciphers --psk --psk-identity --servername '
_mqtx_args_mqtx_respond=''
_mqtx_cmds_mqtx_record=''
_mqtx_opts_mqtx_record='-t --topic -o --output -q --qos --rotate-size --rotate-every --force -C --count --duration -W --timeout -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -c --disable-clean-session -x --session-expiry -D --property -A --bind-address --unix --proxy --ws --ws-path --nodelay -M --max-inflight --connect-timeout --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --will-retain --cafile --capath --cert --key --no-tls --insecure --tls-keylog --tls-version --tls-alpn --ciphers --tls-use-os-certs --psk --psk-identity --servername --quiet -d --debug --help'
_mqtx_valued_mqtx_record=' -t --topic -o --output -q --qos --rotate-size --rotate-every -C --count --duration -W --timeout -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -x --session-expiry -D --property -A --bind-address --unix --proxy --ws-path -M --max-inflight --connect-timeout --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --cafile --capath --cert --key --tls-keylog --tls-version --tls-alpn --ciphers --psk --psk-identity --servername '
_mqtx_args_mqtx_record=''
_mqtx_cmds_mqtx_replay=''
_mqtx_opts_mqtx_replay='--speed --loop --since --until -t --topic --rewrite --prefix -q --qos -r --retain --no-retain --no-properties --dry-run --reconnect-timeout -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -c --disable-clean-session -x --session-expiry -D --property -A --bind-address --unix --proxy --ws --ws-path --nodelay -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --will-retain --cafile --capath --cert --key --no-tls --insecure --tls-keylog --tls-version --tls-alpn --ciphers --tls-use-os-certs --psk --psk-identity --servername --quiet -d --debug --help'
_mqtx_valued_mqtx_replay=' --speed --loop --since --until -t --topic --rewrite --prefix -q --qos --reconnect-timeout -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -x --session-expiry -D --property -A --bind-address --unix --proxy --ws-path -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --cafile --capath --cert --key --tls-keylog --tls-version --tls-alpn --ciphers --psk --psk-identity --servername '
_mqtx_args_mqtx_replay=''
_mqtx_argfiles_mqtx_replay=1
_mqtx_cmds_mqtx_bench='pubsub pub sub conn merge'
_mqtx_opts_mqtx_bench='--help'
_mqtx_valued_mqtx_bench='  '
_mqtx_args_mqtx_bench=''
_mqtx_cmds_mqtx_bench_pubsub=''
_mqtx_opts_mqtx_bench_pubsub='--publishers --subscribers --topics -t --topic --sub-topic --shared --size -q --qos -r --retain --rate --rate-per-client --ramp-up --inflight --duration -C --count --warmup --drain --workers --start-at --id-offset --json --assert --no-progress -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -c --disable-clean-session -x --session-expiry -D --property -A --bind-address --unix --proxy --ws --ws-path --nodelay -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --will-retain --cafile --capath --cert --key --no-tls --insecure --tls-keylog --tls-version --tls-alpn --ciphers --tls-use-os-certs --psk --psk-identity --servername --quiet -d --debug --help'
_mqtx_valued_mqtx_bench_pubsub=' --publishers --subscribers --topics -t --topic --sub-topic --shared --size -q --qos --rate --rate-per-client --ramp-up --inflight --duration -C --count --warmup --drain --workers --start-at --id-offset --assert -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -x --session-expiry -D --property -A --bind-address --unix --proxy --ws-path -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --cafile --capath --cert --key --tls-keylog --tls-version --tls-alpn --ciphers --psk --psk-identity --servername '
_mqtx_args_mqtx_bench_pubsub=''
_mqtx_cmds_mqtx_bench_pub=''
_mqtx_opts_mqtx_bench_pub='--publishers --topics -t --topic --size -q --qos -r --retain --rate --rate-per-client --ramp-up --inflight --duration -C --count --warmup --drain --workers --start-at --id-offset --json --assert --no-progress -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -c --disable-clean-session -x --session-expiry -D --property -A --bind-address --unix --proxy --ws --ws-path --nodelay -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --will-retain --cafile --capath --cert --key --no-tls --insecure --tls-keylog --tls-version --tls-alpn --ciphers --tls-use-os-certs --psk --psk-identity --servername --quiet -d --debug --help'
_mqtx_valued_mqtx_bench_pub=' --publishers --topics -t --topic --size -q --qos --rate --rate-per-client --ramp-up --inflight --duration -C --count --warmup --drain --workers --start-at --id-offset --assert -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -x --session-expiry -D --property -A --bind-address --unix --proxy --ws-path -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --cafile --capath --cert --key --tls-keylog --tls-version --tls-alpn --ciphers --psk --psk-identity --servername '
_mqtx_args_mqtx_bench_pub=''
_mqtx_cmds_mqtx_bench_sub=''
_mqtx_opts_mqtx_bench_sub='--subscribers --topics -t --topic --sub-topic --shared --size -q --qos --duration -C --count --warmup --drain --workers --start-at --id-offset --json --assert --no-progress -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -c --disable-clean-session -x --session-expiry -D --property -A --bind-address --unix --proxy --ws --ws-path --nodelay -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --will-retain --cafile --capath --cert --key --no-tls --insecure --tls-keylog --tls-version --tls-alpn --ciphers --tls-use-os-certs --psk --psk-identity --servername --quiet -d --debug --help'
_mqtx_valued_mqtx_bench_sub=' --subscribers --topics -t --topic --sub-topic --shared --size -q --qos --duration -C --count --warmup --drain --workers --start-at --id-offset --assert -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -x --session-expiry -D --property -A --bind-address --unix --proxy --ws-path -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --cafile --capath --cert --key --tls-keylog --tls-version --tls-alpn --ciphers --psk --psk-identity --servername '
_mqtx_args_mqtx_bench_sub=''
_mqtx_cmds_mqtx_bench_conn=''
_mqtx_opts_mqtx_bench_conn='--connections --connect-rate --concurrency --hold --start-at --id-offset --json --assert --no-progress -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -c --disable-clean-session -x --session-expiry -D --property -A --bind-address --unix --proxy --ws --ws-path --nodelay -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --will-retain --cafile --capath --cert --key --no-tls --insecure --tls-keylog --tls-version --tls-alpn --ciphers --tls-use-os-certs --psk --psk-identity --servername --quiet -d --debug --help'
_mqtx_valued_mqtx_bench_conn=' --connections --connect-rate --concurrency --hold --start-at --id-offset --assert -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -x --session-expiry -D --property -A --bind-address --unix --proxy --ws-path -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --cafile --capath --cert --key --tls-keylog --tls-version --tls-alpn --ciphers --psk --psk-identity --servername '
_mqtx_args_mqtx_bench_conn=''
_mqtx_cmds_mqtx_bench_merge=''
_mqtx_opts_mqtx_bench_merge='--json --assert --help'
_mqtx_valued_mqtx_bench_merge=' --assert '
_mqtx_args_mqtx_bench_merge=''
_mqtx_argfiles_mqtx_bench_merge=1
_mqtx_cmds_mqtx_simulate=''
_mqtx_opts_mqtx_simulate='--devices --connections -t --topic -m --message -f --file --scenario --list-scenarios --module --seed -q --qos -r --retain --rate --rate-per-device --ramp-up -C --count --duration -W --timeout --inflight --dry-run --encode --avro-single --proto --type --schema -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -c --disable-clean-session -x --session-expiry -D --property -A --bind-address --unix --proxy --ws --ws-path --nodelay -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --will-retain --cafile --capath --cert --key --no-tls --insecure --tls-keylog --tls-version --tls-alpn --ciphers --tls-use-os-certs --psk --psk-identity --servername --quiet -d --debug --help'
_mqtx_valued_mqtx_simulate=' --devices --connections -t --topic -m --message -f --file --scenario --module --seed -q --qos --rate --rate-per-device --ramp-up -C --count --duration -W --timeout --inflight --encode --proto --type --schema -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -x --session-expiry -D --property -A --bind-address --unix --proxy --ws-path -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --cafile --capath --cert --key --tls-keylog --tls-version --tls-alpn --ciphers --psk --psk-identity --servername '
_mqtx_args_mqtx_simulate=''
_mqtx_cmds_mqtx_certgen='all ca server client inspect config'
_mqtx_opts_mqtx_certgen='--help'
_mqtx_valued_mqtx_certgen='  '
_mqtx_args_mqtx_certgen=''
_mqtx_cmds_mqtx_certgen_all=''
_mqtx_opts_mqtx_certgen_all='--days --dir --force --rsa --rsa-bits --quiet -d --debug --client-id --ca-name --ca-days --help'
_mqtx_valued_mqtx_certgen_all=' --days --dir --rsa-bits --client-id --ca-name --ca-days '
_mqtx_args_mqtx_certgen_all=''
_mqtx_cmds_mqtx_certgen_ca=''
_mqtx_opts_mqtx_certgen_ca='--dir --rsa --rsa-bits --quiet -d --debug --force --days --ca-name --help'
_mqtx_valued_mqtx_certgen_ca=' --dir --rsa-bits --days --ca-name '
_mqtx_args_mqtx_certgen_ca=''
_mqtx_cmds_mqtx_certgen_server=''
_mqtx_opts_mqtx_certgen_server='--days --dir --force --rsa --rsa-bits --quiet -d --debug --name --help'
_mqtx_valued_mqtx_certgen_server=' --days --dir --rsa-bits --name '
_mqtx_args_mqtx_certgen_server=''
_mqtx_cmds_mqtx_certgen_client=''
_mqtx_opts_mqtx_certgen_client='--days --dir --force --rsa --rsa-bits --quiet -d --debug --help'
_mqtx_valued_mqtx_certgen_client=' --days --dir --rsa-bits '
_mqtx_args_mqtx_certgen_client=''
_mqtx_cmds_mqtx_certgen_inspect=''
_mqtx_opts_mqtx_certgen_inspect='--json --help'
_mqtx_valued_mqtx_certgen_inspect='  '
_mqtx_args_mqtx_certgen_inspect=''
_mqtx_argfiles_mqtx_certgen_inspect=1
_mqtx_cmds_mqtx_certgen_config=''
_mqtx_opts_mqtx_certgen_config='--dir --name -d --debug --help'
_mqtx_valued_mqtx_certgen_config=' --dir --name '
_mqtx_args_mqtx_certgen_config='mosquitto emqx hivemq'
_mqtx_cmds_mqtx_broker=''
_mqtx_opts_mqtx_broker='-h --host -p --port --ws-port --tls-port --cert --key --cafile --require-client-cert --users -v --verbose --json -d --debug --help'
_mqtx_valued_mqtx_broker=' -h --host -p --port --ws-port --tls-port --cert --key --cafile --users '
_mqtx_args_mqtx_broker=''
_mqtx_cmds_mqtx_check=''
_mqtx_opts_mqtx_check='--only --skip --max-time --prefix --json -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -c --disable-clean-session -x --session-expiry -D --property -A --bind-address --unix --proxy --ws --ws-path --nodelay -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --will-retain --cafile --capath --cert --key --no-tls --insecure --tls-keylog --tls-version --tls-alpn --ciphers --tls-use-os-certs --psk --psk-identity --servername --quiet -d --debug --help'
_mqtx_valued_mqtx_check=' --only --skip --max-time --prefix -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -x --session-expiry -D --property -A --bind-address --unix --proxy --ws-path -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --cafile --capath --cert --key --tls-keylog --tls-version --tls-alpn --ciphers --psk --psk-identity --servername '
_mqtx_args_mqtx_check=''
_mqtx_cmds_mqtx_bridge=''
_mqtx_opts_mqtx_bridge='--from --to -t --topic -q --qos --to-qos --rewrite --prefix --bridge-id -C --count -v --verbose -i --id -c --disable-clean-session -k --keepalive --connect-timeout --from-protocol-version --from-username --from-password-file --from-cafile --from-cert --from-key --from-insecure --to-protocol-version --to-id --to-username --to-password-file --to-cafile --to-cert --to-key --to-insecure --quiet -d --debug --help'
_mqtx_valued_mqtx_bridge=' --from --to -t --topic -q --qos --to-qos --rewrite --prefix --bridge-id -C --count -i --id -k --keepalive --connect-timeout --from-protocol-version --from-username --from-password-file --from-cafile --from-cert --from-key --to-protocol-version --to-id --to-username --to-password-file --to-cafile --to-cert --to-key '
_mqtx_args_mqtx_bridge=''
_mqtx_cmds_mqtx_watch=''
_mqtx_opts_mqtx_watch='-t --topic --sys -q --qos --history --decode --select --proto --type --schema -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -c --disable-clean-session -x --session-expiry -D --property -A --bind-address --unix --proxy --ws --ws-path --nodelay -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --will-retain --cafile --capath --cert --key --no-tls --insecure --tls-keylog --tls-version --tls-alpn --ciphers --tls-use-os-certs --psk --psk-identity --servername --quiet -d --debug --help'
_mqtx_valued_mqtx_watch=' -t --topic -q --qos --history --decode --select --proto --type --schema -h --host -p --port -L --url -i --id -I --id-prefix -k --keepalive -V --protocol-version -x --session-expiry -D --property -A --bind-address --unix --proxy --ws-path -M --max-inflight --connect-timeout -o --options-file --profile -u --username -P --pw --password --password-file --will-topic --will-payload --will-qos --cafile --capath --cert --key --tls-keylog --tls-version --tls-alpn --ciphers --psk --psk-identity --servername '
_mqtx_args_mqtx_watch=''
_mqtx_cmds_mqtx_completion=''
_mqtx_opts_mqtx_completion='--help'
_mqtx_valued_mqtx_completion='  '
_mqtx_args_mqtx_completion='bash zsh fish'

_mqtx_files() {
  compopt -o filenames 2>/dev/null
  local IFS=$'\n'
  COMPREPLY=($(compgen "$1" -- "$cur"))
}

_mqtx() {
  local cur prev key i w v
  COMPREPLY=()
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev=""
  [ "$COMP_CWORD" -gt 0 ] && prev="${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then prev="${COMP_WORDS[COMP_CWORD-2]}"; fi
  [ "$cur" = "=" ] && cur=""
  key=mqtx
  # Walk the words before the cursor: descend into subcommands, skip the values of flags that take one.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="${COMP_WORDS[i]}"
    v="_mqtx_valued_$key"
    case "$w" in
      -*) case "${!v}" in *" $w "*) i=$((i + 1)) ;; esac ;;
      *)
        v="_mqtx_cmds_$key"
        case " ${!v} " in *" $w "*) key="${key}_$w" ;; esac
        ;;
    esac
  done
  case "$key:$prev" in
    mqtx_pub:-t|mqtx_pub:--topic) COMPREPLY=(); return 0 ;;
    mqtx_pub:-m|mqtx_pub:--message) COMPREPLY=(); return 0 ;;
    mqtx_pub:-f|mqtx_pub:--file) _mqtx_files -f; return 0 ;;
    mqtx_pub:--encoding) COMPREPLY=($(compgen -W 'utf8 hex base64' -- "$cur")); return 0 ;;
    mqtx_pub:-q|mqtx_pub:--qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_pub:--repeat) COMPREPLY=(); return 0 ;;
    mqtx_pub:--repeat-delay) COMPREPLY=(); return 0 ;;
    mqtx_pub:--reconnect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_pub:--content-type) COMPREPLY=(); return 0 ;;
    mqtx_pub:--correlation-data) COMPREPLY=(); return 0 ;;
    mqtx_pub:--message-expiry) COMPREPLY=(); return 0 ;;
    mqtx_pub:--response-topic) COMPREPLY=(); return 0 ;;
    mqtx_pub:--topic-alias) COMPREPLY=(); return 0 ;;
    mqtx_pub:--user-property) COMPREPLY=(); return 0 ;;
    mqtx_pub:--encode) COMPREPLY=($(compgen -W 'json text hex base64 protobuf sparkplug cbor msgpack avro gzip deflate' -- "$cur")); return 0 ;;
    mqtx_pub:--proto) _mqtx_files -f; return 0 ;;
    mqtx_pub:--type) COMPREPLY=(); return 0 ;;
    mqtx_pub:--schema) _mqtx_files -f; return 0 ;;
    mqtx_pub:-h|mqtx_pub:--host) COMPREPLY=(); return 0 ;;
    mqtx_pub:-p|mqtx_pub:--port) COMPREPLY=(); return 0 ;;
    mqtx_pub:-L|mqtx_pub:--url) COMPREPLY=(); return 0 ;;
    mqtx_pub:-i|mqtx_pub:--id) COMPREPLY=(); return 0 ;;
    mqtx_pub:-I|mqtx_pub:--id-prefix) COMPREPLY=(); return 0 ;;
    mqtx_pub:-k|mqtx_pub:--keepalive) COMPREPLY=(); return 0 ;;
    mqtx_pub:-V|mqtx_pub:--protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_pub:-x|mqtx_pub:--session-expiry) COMPREPLY=(); return 0 ;;
    mqtx_pub:-D|mqtx_pub:--property) COMPREPLY=(); return 0 ;;
    mqtx_pub:-A|mqtx_pub:--bind-address) COMPREPLY=(); return 0 ;;
    mqtx_pub:--unix) _mqtx_files -f; return 0 ;;
    mqtx_pub:--proxy) COMPREPLY=(); return 0 ;;
    mqtx_pub:--ws-path) COMPREPLY=(); return 0 ;;
    mqtx_pub:-M|mqtx_pub:--max-inflight) COMPREPLY=(); return 0 ;;
    mqtx_pub:--connect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_pub:-o|mqtx_pub:--options-file) _mqtx_files -f; return 0 ;;
    mqtx_pub:--profile) COMPREPLY=(); return 0 ;;
    mqtx_pub:-u|mqtx_pub:--username) COMPREPLY=(); return 0 ;;
    mqtx_pub:-P|mqtx_pub:--pw) COMPREPLY=(); return 0 ;;
    mqtx_pub:--password) COMPREPLY=(); return 0 ;;
    mqtx_pub:--password-file) _mqtx_files -f; return 0 ;;
    mqtx_pub:--will-topic) COMPREPLY=(); return 0 ;;
    mqtx_pub:--will-payload) COMPREPLY=(); return 0 ;;
    mqtx_pub:--will-qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_pub:--cafile) _mqtx_files -f; return 0 ;;
    mqtx_pub:--capath) _mqtx_files -d; return 0 ;;
    mqtx_pub:--cert) _mqtx_files -f; return 0 ;;
    mqtx_pub:--key) _mqtx_files -f; return 0 ;;
    mqtx_pub:--tls-keylog) _mqtx_files -f; return 0 ;;
    mqtx_pub:--tls-version) COMPREPLY=($(compgen -W 'tlsv1.3 tlsv1.2 tlsv1.1' -- "$cur")); return 0 ;;
    mqtx_pub:--tls-alpn) COMPREPLY=(); return 0 ;;
    mqtx_pub:--ciphers) COMPREPLY=(); return 0 ;;
    mqtx_pub:--psk) COMPREPLY=(); return 0 ;;
    mqtx_pub:--psk-identity) COMPREPLY=(); return 0 ;;
    mqtx_pub:--servername) COMPREPLY=(); return 0 ;;
    mqtx_sub:-t|mqtx_sub:--topic) COMPREPLY=(); return 0 ;;
    mqtx_sub:-T|mqtx_sub:--filter-out) COMPREPLY=(); return 0 ;;
    mqtx_sub:-q|mqtx_sub:--qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_sub:-C|mqtx_sub:--count) COMPREPLY=(); return 0 ;;
    mqtx_sub:-W|mqtx_sub:--timeout) COMPREPLY=(); return 0 ;;
    mqtx_sub:--match) COMPREPLY=(); return 0 ;;
    mqtx_sub:-U|mqtx_sub:--unsubscribe) COMPREPLY=(); return 0 ;;
    mqtx_sub:--random-filter) COMPREPLY=(); return 0 ;;
    mqtx_sub:--retain-handling) COMPREPLY=($(compgen -W 'always new never 0 1 2' -- "$cur")); return 0 ;;
    mqtx_sub:-F|mqtx_sub:--format) COMPREPLY=(); return 0 ;;
    mqtx_sub:--decode) COMPREPLY=($(compgen -W 'json text hex base64 protobuf sparkplug cbor msgpack avro gzip deflate' -- "$cur")); return 0 ;;
    mqtx_sub:--select) COMPREPLY=(); return 0 ;;
    mqtx_sub:--where) COMPREPLY=(); return 0 ;;
    mqtx_sub:--proto) _mqtx_files -f; return 0 ;;
    mqtx_sub:--type) COMPREPLY=(); return 0 ;;
    mqtx_sub:--schema) _mqtx_files -f; return 0 ;;
    mqtx_sub:-h|mqtx_sub:--host) COMPREPLY=(); return 0 ;;
    mqtx_sub:-p|mqtx_sub:--port) COMPREPLY=(); return 0 ;;
    mqtx_sub:-L|mqtx_sub:--url) COMPREPLY=(); return 0 ;;
    mqtx_sub:-i|mqtx_sub:--id) COMPREPLY=(); return 0 ;;
    mqtx_sub:-I|mqtx_sub:--id-prefix) COMPREPLY=(); return 0 ;;
    mqtx_sub:-k|mqtx_sub:--keepalive) COMPREPLY=(); return 0 ;;
    mqtx_sub:-V|mqtx_sub:--protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_sub:-x|mqtx_sub:--session-expiry) COMPREPLY=(); return 0 ;;
    mqtx_sub:-D|mqtx_sub:--property) COMPREPLY=(); return 0 ;;
    mqtx_sub:-A|mqtx_sub:--bind-address) COMPREPLY=(); return 0 ;;
    mqtx_sub:--unix) _mqtx_files -f; return 0 ;;
    mqtx_sub:--proxy) COMPREPLY=(); return 0 ;;
    mqtx_sub:--ws-path) COMPREPLY=(); return 0 ;;
    mqtx_sub:-M|mqtx_sub:--max-inflight) COMPREPLY=(); return 0 ;;
    mqtx_sub:--connect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_sub:-o|mqtx_sub:--options-file) _mqtx_files -f; return 0 ;;
    mqtx_sub:--profile) COMPREPLY=(); return 0 ;;
    mqtx_sub:-u|mqtx_sub:--username) COMPREPLY=(); return 0 ;;
    mqtx_sub:-P|mqtx_sub:--pw) COMPREPLY=(); return 0 ;;
    mqtx_sub:--password) COMPREPLY=(); return 0 ;;
    mqtx_sub:--password-file) _mqtx_files -f; return 0 ;;
    mqtx_sub:--will-topic) COMPREPLY=(); return 0 ;;
    mqtx_sub:--will-payload) COMPREPLY=(); return 0 ;;
    mqtx_sub:--will-qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_sub:--cafile) _mqtx_files -f; return 0 ;;
    mqtx_sub:--capath) _mqtx_files -d; return 0 ;;
    mqtx_sub:--cert) _mqtx_files -f; return 0 ;;
    mqtx_sub:--key) _mqtx_files -f; return 0 ;;
    mqtx_sub:--tls-keylog) _mqtx_files -f; return 0 ;;
    mqtx_sub:--tls-version) COMPREPLY=($(compgen -W 'tlsv1.3 tlsv1.2 tlsv1.1' -- "$cur")); return 0 ;;
    mqtx_sub:--tls-alpn) COMPREPLY=(); return 0 ;;
    mqtx_sub:--ciphers) COMPREPLY=(); return 0 ;;
    mqtx_sub:--psk) COMPREPLY=(); return 0 ;;
    mqtx_sub:--psk-identity) COMPREPLY=(); return 0 ;;
    mqtx_sub:--servername) COMPREPLY=(); return 0 ;;
    mqtx_rr:-t|mqtx_rr:--topic) COMPREPLY=(); return 0 ;;
    mqtx_rr:-e|mqtx_rr:--response-topic) COMPREPLY=(); return 0 ;;
    mqtx_rr:-m|mqtx_rr:--message) COMPREPLY=(); return 0 ;;
    mqtx_rr:-f|mqtx_rr:--file) _mqtx_files -f; return 0 ;;
    mqtx_rr:--encoding) COMPREPLY=($(compgen -W 'utf8 hex base64' -- "$cur")); return 0 ;;
    mqtx_rr:-q|mqtx_rr:--qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_rr:-C|mqtx_rr:--count) COMPREPLY=(); return 0 ;;
    mqtx_rr:-W|mqtx_rr:--timeout) COMPREPLY=(); return 0 ;;
    mqtx_rr:--retain-handling) COMPREPLY=($(compgen -W 'always new never 0 1 2' -- "$cur")); return 0 ;;
    mqtx_rr:-F|mqtx_rr:--format) COMPREPLY=(); return 0 ;;
    mqtx_rr:--encode) COMPREPLY=($(compgen -W 'json text hex base64 protobuf sparkplug cbor msgpack avro gzip deflate' -- "$cur")); return 0 ;;
    mqtx_rr:--proto) _mqtx_files -f; return 0 ;;
    mqtx_rr:--type) COMPREPLY=(); return 0 ;;
    mqtx_rr:--schema) _mqtx_files -f; return 0 ;;
    mqtx_rr:--decode) COMPREPLY=($(compgen -W 'json text hex base64 protobuf sparkplug cbor msgpack avro gzip deflate' -- "$cur")); return 0 ;;
    mqtx_rr:--select) COMPREPLY=(); return 0 ;;
    mqtx_rr:--where) COMPREPLY=(); return 0 ;;
    mqtx_rr:-h|mqtx_rr:--host) COMPREPLY=(); return 0 ;;
    mqtx_rr:-p|mqtx_rr:--port) COMPREPLY=(); return 0 ;;
    mqtx_rr:-L|mqtx_rr:--url) COMPREPLY=(); return 0 ;;
    mqtx_rr:-i|mqtx_rr:--id) COMPREPLY=(); return 0 ;;
    mqtx_rr:-I|mqtx_rr:--id-prefix) COMPREPLY=(); return 0 ;;
    mqtx_rr:-k|mqtx_rr:--keepalive) COMPREPLY=(); return 0 ;;
    mqtx_rr:-V|mqtx_rr:--protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_rr:-x|mqtx_rr:--session-expiry) COMPREPLY=(); return 0 ;;
    mqtx_rr:-D|mqtx_rr:--property) COMPREPLY=(); return 0 ;;
    mqtx_rr:-A|mqtx_rr:--bind-address) COMPREPLY=(); return 0 ;;
    mqtx_rr:--unix) _mqtx_files -f; return 0 ;;
    mqtx_rr:--proxy) COMPREPLY=(); return 0 ;;
    mqtx_rr:--ws-path) COMPREPLY=(); return 0 ;;
    mqtx_rr:-M|mqtx_rr:--max-inflight) COMPREPLY=(); return 0 ;;
    mqtx_rr:--connect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_rr:-o|mqtx_rr:--options-file) _mqtx_files -f; return 0 ;;
    mqtx_rr:--profile) COMPREPLY=(); return 0 ;;
    mqtx_rr:-u|mqtx_rr:--username) COMPREPLY=(); return 0 ;;
    mqtx_rr:-P|mqtx_rr:--pw) COMPREPLY=(); return 0 ;;
    mqtx_rr:--password) COMPREPLY=(); return 0 ;;
    mqtx_rr:--password-file) _mqtx_files -f; return 0 ;;
    mqtx_rr:--will-topic) COMPREPLY=(); return 0 ;;
    mqtx_rr:--will-payload) COMPREPLY=(); return 0 ;;
    mqtx_rr:--will-qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_rr:--cafile) _mqtx_files -f; return 0 ;;
    mqtx_rr:--capath) _mqtx_files -d; return 0 ;;
    mqtx_rr:--cert) _mqtx_files -f; return 0 ;;
    mqtx_rr:--key) _mqtx_files -f; return 0 ;;
    mqtx_rr:--tls-keylog) _mqtx_files -f; return 0 ;;
    mqtx_rr:--tls-version) COMPREPLY=($(compgen -W 'tlsv1.3 tlsv1.2 tlsv1.1' -- "$cur")); return 0 ;;
    mqtx_rr:--tls-alpn) COMPREPLY=(); return 0 ;;
    mqtx_rr:--ciphers) COMPREPLY=(); return 0 ;;
    mqtx_rr:--psk) COMPREPLY=(); return 0 ;;
    mqtx_rr:--psk-identity) COMPREPLY=(); return 0 ;;
    mqtx_rr:--servername) COMPREPLY=(); return 0 ;;
    mqtx_respond:-t|mqtx_respond:--topic) COMPREPLY=(); return 0 ;;
    mqtx_respond:-e|mqtx_respond:--response-topic) COMPREPLY=(); return 0 ;;
    mqtx_respond:-q|mqtx_respond:--qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_respond:-C|mqtx_respond:--count) COMPREPLY=(); return 0 ;;
    mqtx_respond:-W|mqtx_respond:--timeout) COMPREPLY=(); return 0 ;;
    mqtx_respond:--concurrency) COMPREPLY=(); return 0 ;;
    mqtx_respond:-m|mqtx_respond:--message) COMPREPLY=(); return 0 ;;
    mqtx_respond:-f|mqtx_respond:--file) _mqtx_files -f; return 0 ;;
    mqtx_respond:--encoding) COMPREPLY=($(compgen -W 'utf8 hex base64' -- "$cur")); return 0 ;;
    mqtx_respond:--template) COMPREPLY=(); return 0 ;;
    mqtx_respond:--exec-timeout) COMPREPLY=(); return 0 ;;
    mqtx_respond:-h|mqtx_respond:--host) COMPREPLY=(); return 0 ;;
    mqtx_respond:-p|mqtx_respond:--port) COMPREPLY=(); return 0 ;;
    mqtx_respond:-L|mqtx_respond:--url) COMPREPLY=(); return 0 ;;
    mqtx_respond:-i|mqtx_respond:--id) COMPREPLY=(); return 0 ;;
    mqtx_respond:-I|mqtx_respond:--id-prefix) COMPREPLY=(); return 0 ;;
    mqtx_respond:-k|mqtx_respond:--keepalive) COMPREPLY=(); return 0 ;;
    mqtx_respond:-V|mqtx_respond:--protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_respond:-x|mqtx_respond:--session-expiry) COMPREPLY=(); return 0 ;;
    mqtx_respond:-D|mqtx_respond:--property) COMPREPLY=(); return 0 ;;
    mqtx_respond:-A|mqtx_respond:--bind-address) COMPREPLY=(); return 0 ;;
    mqtx_respond:--unix) _mqtx_files -f; return 0 ;;
    mqtx_respond:--proxy) COMPREPLY=(); return 0 ;;
    mqtx_respond:--ws-path) COMPREPLY=(); return 0 ;;
    mqtx_respond:-M|mqtx_respond:--max-inflight) COMPREPLY=(); return 0 ;;
    mqtx_respond:--connect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_respond:-o|mqtx_respond:--options-file) _mqtx_files -f; return 0 ;;
    mqtx_respond:--profile) COMPREPLY=(); return 0 ;;
    mqtx_respond:-u|mqtx_respond:--username) COMPREPLY=(); return 0 ;;
    mqtx_respond:-P|mqtx_respond:--pw) COMPREPLY=(); return 0 ;;
    mqtx_respond:--password) COMPREPLY=(); return 0 ;;
    mqtx_respond:--password-file) _mqtx_files -f; return 0 ;;
    mqtx_respond:--will-topic) COMPREPLY=(); return 0 ;;
    mqtx_respond:--will-payload) COMPREPLY=(); return 0 ;;
    mqtx_respond:--will-qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_respond:--cafile) _mqtx_files -f; return 0 ;;
    mqtx_respond:--capath) _mqtx_files -d; return 0 ;;
    mqtx_respond:--cert) _mqtx_files -f; return 0 ;;
    mqtx_respond:--key) _mqtx_files -f; return 0 ;;
    mqtx_respond:--tls-keylog) _mqtx_files -f; return 0 ;;
    mqtx_respond:--tls-version) COMPREPLY=($(compgen -W 'tlsv1.3 tlsv1.2 tlsv1.1' -- "$cur")); return 0 ;;
    mqtx_respond:--tls-alpn) COMPREPLY=(); return 0 ;;
    mqtx_respond:--ciphers) COMPREPLY=(); return 0 ;;
    mqtx_respond:--psk) COMPREPLY=(); return 0 ;;
    mqtx_respond:--psk-identity) COMPREPLY=(); return 0 ;;
    mqtx_respond:--servername) COMPREPLY=(); return 0 ;;
    mqtx_record:-t|mqtx_record:--topic) COMPREPLY=(); return 0 ;;
    mqtx_record:-o|mqtx_record:--output) _mqtx_files -f; return 0 ;;
    mqtx_record:-q|mqtx_record:--qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_record:--rotate-size) COMPREPLY=(); return 0 ;;
    mqtx_record:--rotate-every) COMPREPLY=(); return 0 ;;
    mqtx_record:-C|mqtx_record:--count) COMPREPLY=(); return 0 ;;
    mqtx_record:--duration) COMPREPLY=(); return 0 ;;
    mqtx_record:-W|mqtx_record:--timeout) COMPREPLY=(); return 0 ;;
    mqtx_record:-h|mqtx_record:--host) COMPREPLY=(); return 0 ;;
    mqtx_record:-p|mqtx_record:--port) COMPREPLY=(); return 0 ;;
    mqtx_record:-L|mqtx_record:--url) COMPREPLY=(); return 0 ;;
    mqtx_record:-i|mqtx_record:--id) COMPREPLY=(); return 0 ;;
    mqtx_record:-I|mqtx_record:--id-prefix) COMPREPLY=(); return 0 ;;
    mqtx_record:-k|mqtx_record:--keepalive) COMPREPLY=(); return 0 ;;
    mqtx_record:-V|mqtx_record:--protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_record:-x|mqtx_record:--session-expiry) COMPREPLY=(); return 0 ;;
    mqtx_record:-D|mqtx_record:--property) COMPREPLY=(); return 0 ;;
    mqtx_record:-A|mqtx_record:--bind-address) COMPREPLY=(); return 0 ;;
    mqtx_record:--unix) _mqtx_files -f; return 0 ;;
    mqtx_record:--proxy) COMPREPLY=(); return 0 ;;
    mqtx_record:--ws-path) COMPREPLY=(); return 0 ;;
    mqtx_record:-M|mqtx_record:--max-inflight) COMPREPLY=(); return 0 ;;
    mqtx_record:--connect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_record:--options-file) _mqtx_files -f; return 0 ;;
    mqtx_record:--profile) COMPREPLY=(); return 0 ;;
    mqtx_record:-u|mqtx_record:--username) COMPREPLY=(); return 0 ;;
    mqtx_record:-P|mqtx_record:--pw) COMPREPLY=(); return 0 ;;
    mqtx_record:--password) COMPREPLY=(); return 0 ;;
    mqtx_record:--password-file) _mqtx_files -f; return 0 ;;
    mqtx_record:--will-topic) COMPREPLY=(); return 0 ;;
    mqtx_record:--will-payload) COMPREPLY=(); return 0 ;;
    mqtx_record:--will-qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_record:--cafile) _mqtx_files -f; return 0 ;;
    mqtx_record:--capath) _mqtx_files -d; return 0 ;;
    mqtx_record:--cert) _mqtx_files -f; return 0 ;;
    mqtx_record:--key) _mqtx_files -f; return 0 ;;
    mqtx_record:--tls-keylog) _mqtx_files -f; return 0 ;;
    mqtx_record:--tls-version) COMPREPLY=($(compgen -W 'tlsv1.3 tlsv1.2 tlsv1.1' -- "$cur")); return 0 ;;
    mqtx_record:--tls-alpn) COMPREPLY=(); return 0 ;;
    mqtx_record:--ciphers) COMPREPLY=(); return 0 ;;
    mqtx_record:--psk) COMPREPLY=(); return 0 ;;
    mqtx_record:--psk-identity) COMPREPLY=(); return 0 ;;
    mqtx_record:--servername) COMPREPLY=(); return 0 ;;
    mqtx_replay:--speed) COMPREPLY=(); return 0 ;;
    mqtx_replay:--loop) COMPREPLY=(); return 0 ;;
    mqtx_replay:--since) COMPREPLY=(); return 0 ;;
    mqtx_replay:--until) COMPREPLY=(); return 0 ;;
    mqtx_replay:-t|mqtx_replay:--topic) COMPREPLY=(); return 0 ;;
    mqtx_replay:--rewrite) COMPREPLY=(); return 0 ;;
    mqtx_replay:--prefix) COMPREPLY=(); return 0 ;;
    mqtx_replay:-q|mqtx_replay:--qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_replay:--reconnect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_replay:-h|mqtx_replay:--host) COMPREPLY=(); return 0 ;;
    mqtx_replay:-p|mqtx_replay:--port) COMPREPLY=(); return 0 ;;
    mqtx_replay:-L|mqtx_replay:--url) COMPREPLY=(); return 0 ;;
    mqtx_replay:-i|mqtx_replay:--id) COMPREPLY=(); return 0 ;;
    mqtx_replay:-I|mqtx_replay:--id-prefix) COMPREPLY=(); return 0 ;;
    mqtx_replay:-k|mqtx_replay:--keepalive) COMPREPLY=(); return 0 ;;
    mqtx_replay:-V|mqtx_replay:--protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_replay:-x|mqtx_replay:--session-expiry) COMPREPLY=(); return 0 ;;
    mqtx_replay:-D|mqtx_replay:--property) COMPREPLY=(); return 0 ;;
    mqtx_replay:-A|mqtx_replay:--bind-address) COMPREPLY=(); return 0 ;;
    mqtx_replay:--unix) _mqtx_files -f; return 0 ;;
    mqtx_replay:--proxy) COMPREPLY=(); return 0 ;;
    mqtx_replay:--ws-path) COMPREPLY=(); return 0 ;;
    mqtx_replay:-M|mqtx_replay:--max-inflight) COMPREPLY=(); return 0 ;;
    mqtx_replay:--connect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_replay:-o|mqtx_replay:--options-file) _mqtx_files -f; return 0 ;;
    mqtx_replay:--profile) COMPREPLY=(); return 0 ;;
    mqtx_replay:-u|mqtx_replay:--username) COMPREPLY=(); return 0 ;;
    mqtx_replay:-P|mqtx_replay:--pw) COMPREPLY=(); return 0 ;;
    mqtx_replay:--password) COMPREPLY=(); return 0 ;;
    mqtx_replay:--password-file) _mqtx_files -f; return 0 ;;
    mqtx_replay:--will-topic) COMPREPLY=(); return 0 ;;
    mqtx_replay:--will-payload) COMPREPLY=(); return 0 ;;
    mqtx_replay:--will-qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_replay:--cafile) _mqtx_files -f; return 0 ;;
    mqtx_replay:--capath) _mqtx_files -d; return 0 ;;
    mqtx_replay:--cert) _mqtx_files -f; return 0 ;;
    mqtx_replay:--key) _mqtx_files -f; return 0 ;;
    mqtx_replay:--tls-keylog) _mqtx_files -f; return 0 ;;
    mqtx_replay:--tls-version) COMPREPLY=($(compgen -W 'tlsv1.3 tlsv1.2 tlsv1.1' -- "$cur")); return 0 ;;
    mqtx_replay:--tls-alpn) COMPREPLY=(); return 0 ;;
    mqtx_replay:--ciphers) COMPREPLY=(); return 0 ;;
    mqtx_replay:--psk) COMPREPLY=(); return 0 ;;
    mqtx_replay:--psk-identity) COMPREPLY=(); return 0 ;;
    mqtx_replay:--servername) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--publishers) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--subscribers) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--topics) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-t|mqtx_bench_pubsub:--topic) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--sub-topic) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--shared) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--size) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-q|mqtx_bench_pubsub:--qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_bench_pubsub:--rate) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--rate-per-client) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--ramp-up) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--inflight) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--duration) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-C|mqtx_bench_pubsub:--count) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--warmup) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--drain) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--workers) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--start-at) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--id-offset) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--assert) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-h|mqtx_bench_pubsub:--host) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-p|mqtx_bench_pubsub:--port) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-L|mqtx_bench_pubsub:--url) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-i|mqtx_bench_pubsub:--id) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-I|mqtx_bench_pubsub:--id-prefix) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-k|mqtx_bench_pubsub:--keepalive) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-V|mqtx_bench_pubsub:--protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_bench_pubsub:-x|mqtx_bench_pubsub:--session-expiry) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-D|mqtx_bench_pubsub:--property) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-A|mqtx_bench_pubsub:--bind-address) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--unix) _mqtx_files -f; return 0 ;;
    mqtx_bench_pubsub:--proxy) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--ws-path) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-M|mqtx_bench_pubsub:--max-inflight) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--connect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-o|mqtx_bench_pubsub:--options-file) _mqtx_files -f; return 0 ;;
    mqtx_bench_pubsub:--profile) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-u|mqtx_bench_pubsub:--username) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:-P|mqtx_bench_pubsub:--pw) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--password) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--password-file) _mqtx_files -f; return 0 ;;
    mqtx_bench_pubsub:--will-topic) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--will-payload) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--will-qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_bench_pubsub:--cafile) _mqtx_files -f; return 0 ;;
    mqtx_bench_pubsub:--capath) _mqtx_files -d; return 0 ;;
    mqtx_bench_pubsub:--cert) _mqtx_files -f; return 0 ;;
    mqtx_bench_pubsub:--key) _mqtx_files -f; return 0 ;;
    mqtx_bench_pubsub:--tls-keylog) _mqtx_files -f; return 0 ;;
    mqtx_bench_pubsub:--tls-version) COMPREPLY=($(compgen -W 'tlsv1.3 tlsv1.2 tlsv1.1' -- "$cur")); return 0 ;;
    mqtx_bench_pubsub:--tls-alpn) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--ciphers) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--psk) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--psk-identity) COMPREPLY=(); return 0 ;;
    mqtx_bench_pubsub:--servername) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--publishers) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--topics) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-t|mqtx_bench_pub:--topic) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--size) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-q|mqtx_bench_pub:--qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_bench_pub:--rate) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--rate-per-client) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--ramp-up) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--inflight) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--duration) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-C|mqtx_bench_pub:--count) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--warmup) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--drain) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--workers) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--start-at) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--id-offset) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--assert) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-h|mqtx_bench_pub:--host) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-p|mqtx_bench_pub:--port) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-L|mqtx_bench_pub:--url) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-i|mqtx_bench_pub:--id) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-I|mqtx_bench_pub:--id-prefix) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-k|mqtx_bench_pub:--keepalive) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-V|mqtx_bench_pub:--protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_bench_pub:-x|mqtx_bench_pub:--session-expiry) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-D|mqtx_bench_pub:--property) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-A|mqtx_bench_pub:--bind-address) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--unix) _mqtx_files -f; return 0 ;;
    mqtx_bench_pub:--proxy) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--ws-path) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-M|mqtx_bench_pub:--max-inflight) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--connect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-o|mqtx_bench_pub:--options-file) _mqtx_files -f; return 0 ;;
    mqtx_bench_pub:--profile) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-u|mqtx_bench_pub:--username) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:-P|mqtx_bench_pub:--pw) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--password) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--password-file) _mqtx_files -f; return 0 ;;
    mqtx_bench_pub:--will-topic) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--will-payload) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--will-qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_bench_pub:--cafile) _mqtx_files -f; return 0 ;;
    mqtx_bench_pub:--capath) _mqtx_files -d; return 0 ;;
    mqtx_bench_pub:--cert) _mqtx_files -f; return 0 ;;
    mqtx_bench_pub:--key) _mqtx_files -f; return 0 ;;
    mqtx_bench_pub:--tls-keylog) _mqtx_files -f; return 0 ;;
    mqtx_bench_pub:--tls-version) COMPREPLY=($(compgen -W 'tlsv1.3 tlsv1.2 tlsv1.1' -- "$cur")); return 0 ;;
    mqtx_bench_pub:--tls-alpn) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--ciphers) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--psk) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--psk-identity) COMPREPLY=(); return 0 ;;
    mqtx_bench_pub:--servername) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--subscribers) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--topics) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-t|mqtx_bench_sub:--topic) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--sub-topic) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--shared) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--size) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-q|mqtx_bench_sub:--qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_bench_sub:--duration) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-C|mqtx_bench_sub:--count) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--warmup) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--drain) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--workers) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--start-at) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--id-offset) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--assert) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-h|mqtx_bench_sub:--host) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-p|mqtx_bench_sub:--port) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-L|mqtx_bench_sub:--url) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-i|mqtx_bench_sub:--id) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-I|mqtx_bench_sub:--id-prefix) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-k|mqtx_bench_sub:--keepalive) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-V|mqtx_bench_sub:--protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_bench_sub:-x|mqtx_bench_sub:--session-expiry) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-D|mqtx_bench_sub:--property) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-A|mqtx_bench_sub:--bind-address) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--unix) _mqtx_files -f; return 0 ;;
    mqtx_bench_sub:--proxy) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--ws-path) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-M|mqtx_bench_sub:--max-inflight) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--connect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-o|mqtx_bench_sub:--options-file) _mqtx_files -f; return 0 ;;
    mqtx_bench_sub:--profile) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-u|mqtx_bench_sub:--username) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:-P|mqtx_bench_sub:--pw) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--password) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--password-file) _mqtx_files -f; return 0 ;;
    mqtx_bench_sub:--will-topic) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--will-payload) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--will-qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_bench_sub:--cafile) _mqtx_files -f; return 0 ;;
    mqtx_bench_sub:--capath) _mqtx_files -d; return 0 ;;
    mqtx_bench_sub:--cert) _mqtx_files -f; return 0 ;;
    mqtx_bench_sub:--key) _mqtx_files -f; return 0 ;;
    mqtx_bench_sub:--tls-keylog) _mqtx_files -f; return 0 ;;
    mqtx_bench_sub:--tls-version) COMPREPLY=($(compgen -W 'tlsv1.3 tlsv1.2 tlsv1.1' -- "$cur")); return 0 ;;
    mqtx_bench_sub:--tls-alpn) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--ciphers) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--psk) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--psk-identity) COMPREPLY=(); return 0 ;;
    mqtx_bench_sub:--servername) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--connections) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--connect-rate) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--concurrency) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--hold) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--start-at) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--id-offset) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--assert) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:-h|mqtx_bench_conn:--host) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:-p|mqtx_bench_conn:--port) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:-L|mqtx_bench_conn:--url) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:-i|mqtx_bench_conn:--id) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:-I|mqtx_bench_conn:--id-prefix) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:-k|mqtx_bench_conn:--keepalive) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:-V|mqtx_bench_conn:--protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_bench_conn:-x|mqtx_bench_conn:--session-expiry) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:-D|mqtx_bench_conn:--property) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:-A|mqtx_bench_conn:--bind-address) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--unix) _mqtx_files -f; return 0 ;;
    mqtx_bench_conn:--proxy) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--ws-path) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:-M|mqtx_bench_conn:--max-inflight) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--connect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:-o|mqtx_bench_conn:--options-file) _mqtx_files -f; return 0 ;;
    mqtx_bench_conn:--profile) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:-u|mqtx_bench_conn:--username) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:-P|mqtx_bench_conn:--pw) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--password) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--password-file) _mqtx_files -f; return 0 ;;
    mqtx_bench_conn:--will-topic) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--will-payload) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--will-qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_bench_conn:--cafile) _mqtx_files -f; return 0 ;;
    mqtx_bench_conn:--capath) _mqtx_files -d; return 0 ;;
    mqtx_bench_conn:--cert) _mqtx_files -f; return 0 ;;
    mqtx_bench_conn:--key) _mqtx_files -f; return 0 ;;
    mqtx_bench_conn:--tls-keylog) _mqtx_files -f; return 0 ;;
    mqtx_bench_conn:--tls-version) COMPREPLY=($(compgen -W 'tlsv1.3 tlsv1.2 tlsv1.1' -- "$cur")); return 0 ;;
    mqtx_bench_conn:--tls-alpn) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--ciphers) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--psk) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--psk-identity) COMPREPLY=(); return 0 ;;
    mqtx_bench_conn:--servername) COMPREPLY=(); return 0 ;;
    mqtx_bench_merge:--assert) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--devices) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--connections) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-t|mqtx_simulate:--topic) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-m|mqtx_simulate:--message) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-f|mqtx_simulate:--file) _mqtx_files -f; return 0 ;;
    mqtx_simulate:--scenario) COMPREPLY=($(compgen -W 'home fleet sparkplug' -- "$cur")); return 0 ;;
    mqtx_simulate:--module) _mqtx_files -f; return 0 ;;
    mqtx_simulate:--seed) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-q|mqtx_simulate:--qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_simulate:--rate) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--rate-per-device) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--ramp-up) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-C|mqtx_simulate:--count) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--duration) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-W|mqtx_simulate:--timeout) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--inflight) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--encode) COMPREPLY=($(compgen -W 'json text hex base64 protobuf sparkplug cbor msgpack avro gzip deflate' -- "$cur")); return 0 ;;
    mqtx_simulate:--proto) _mqtx_files -f; return 0 ;;
    mqtx_simulate:--type) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--schema) _mqtx_files -f; return 0 ;;
    mqtx_simulate:-h|mqtx_simulate:--host) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-p|mqtx_simulate:--port) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-L|mqtx_simulate:--url) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-i|mqtx_simulate:--id) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-I|mqtx_simulate:--id-prefix) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-k|mqtx_simulate:--keepalive) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-V|mqtx_simulate:--protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_simulate:-x|mqtx_simulate:--session-expiry) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-D|mqtx_simulate:--property) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-A|mqtx_simulate:--bind-address) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--unix) _mqtx_files -f; return 0 ;;
    mqtx_simulate:--proxy) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--ws-path) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-M|mqtx_simulate:--max-inflight) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--connect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-o|mqtx_simulate:--options-file) _mqtx_files -f; return 0 ;;
    mqtx_simulate:--profile) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-u|mqtx_simulate:--username) COMPREPLY=(); return 0 ;;
    mqtx_simulate:-P|mqtx_simulate:--pw) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--password) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--password-file) _mqtx_files -f; return 0 ;;
    mqtx_simulate:--will-topic) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--will-payload) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--will-qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_simulate:--cafile) _mqtx_files -f; return 0 ;;
    mqtx_simulate:--capath) _mqtx_files -d; return 0 ;;
    mqtx_simulate:--cert) _mqtx_files -f; return 0 ;;
    mqtx_simulate:--key) _mqtx_files -f; return 0 ;;
    mqtx_simulate:--tls-keylog) _mqtx_files -f; return 0 ;;
    mqtx_simulate:--tls-version) COMPREPLY=($(compgen -W 'tlsv1.3 tlsv1.2 tlsv1.1' -- "$cur")); return 0 ;;
    mqtx_simulate:--tls-alpn) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--ciphers) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--psk) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--psk-identity) COMPREPLY=(); return 0 ;;
    mqtx_simulate:--servername) COMPREPLY=(); return 0 ;;
    mqtx_certgen_all:--days) COMPREPLY=(); return 0 ;;
    mqtx_certgen_all:--dir) _mqtx_files -d; return 0 ;;
    mqtx_certgen_all:--rsa-bits) COMPREPLY=($(compgen -W '2048 3072' -- "$cur")); return 0 ;;
    mqtx_certgen_all:--client-id) COMPREPLY=(); return 0 ;;
    mqtx_certgen_all:--ca-name) COMPREPLY=(); return 0 ;;
    mqtx_certgen_all:--ca-days) COMPREPLY=(); return 0 ;;
    mqtx_certgen_ca:--dir) _mqtx_files -d; return 0 ;;
    mqtx_certgen_ca:--rsa-bits) COMPREPLY=($(compgen -W '2048 3072' -- "$cur")); return 0 ;;
    mqtx_certgen_ca:--days) COMPREPLY=(); return 0 ;;
    mqtx_certgen_ca:--ca-name) COMPREPLY=(); return 0 ;;
    mqtx_certgen_server:--days) COMPREPLY=(); return 0 ;;
    mqtx_certgen_server:--dir) _mqtx_files -d; return 0 ;;
    mqtx_certgen_server:--rsa-bits) COMPREPLY=($(compgen -W '2048 3072' -- "$cur")); return 0 ;;
    mqtx_certgen_server:--name) _mqtx_files -f; return 0 ;;
    mqtx_certgen_client:--days) COMPREPLY=(); return 0 ;;
    mqtx_certgen_client:--dir) _mqtx_files -d; return 0 ;;
    mqtx_certgen_client:--rsa-bits) COMPREPLY=($(compgen -W '2048 3072' -- "$cur")); return 0 ;;
    mqtx_certgen_config:--dir) _mqtx_files -d; return 0 ;;
    mqtx_certgen_config:--name) _mqtx_files -f; return 0 ;;
    mqtx_broker:-h|mqtx_broker:--host) COMPREPLY=(); return 0 ;;
    mqtx_broker:-p|mqtx_broker:--port) COMPREPLY=(); return 0 ;;
    mqtx_broker:--ws-port) COMPREPLY=(); return 0 ;;
    mqtx_broker:--tls-port) COMPREPLY=(); return 0 ;;
    mqtx_broker:--cert) _mqtx_files -f; return 0 ;;
    mqtx_broker:--key) _mqtx_files -f; return 0 ;;
    mqtx_broker:--cafile) _mqtx_files -f; return 0 ;;
    mqtx_broker:--users) _mqtx_files -f; return 0 ;;
    mqtx_check:--only) COMPREPLY=(); return 0 ;;
    mqtx_check:--skip) COMPREPLY=(); return 0 ;;
    mqtx_check:--max-time) COMPREPLY=(); return 0 ;;
    mqtx_check:--prefix) COMPREPLY=(); return 0 ;;
    mqtx_check:-h|mqtx_check:--host) COMPREPLY=(); return 0 ;;
    mqtx_check:-p|mqtx_check:--port) COMPREPLY=(); return 0 ;;
    mqtx_check:-L|mqtx_check:--url) COMPREPLY=(); return 0 ;;
    mqtx_check:-i|mqtx_check:--id) COMPREPLY=(); return 0 ;;
    mqtx_check:-I|mqtx_check:--id-prefix) COMPREPLY=(); return 0 ;;
    mqtx_check:-k|mqtx_check:--keepalive) COMPREPLY=(); return 0 ;;
    mqtx_check:-V|mqtx_check:--protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_check:-x|mqtx_check:--session-expiry) COMPREPLY=(); return 0 ;;
    mqtx_check:-D|mqtx_check:--property) COMPREPLY=(); return 0 ;;
    mqtx_check:-A|mqtx_check:--bind-address) COMPREPLY=(); return 0 ;;
    mqtx_check:--unix) _mqtx_files -f; return 0 ;;
    mqtx_check:--proxy) COMPREPLY=(); return 0 ;;
    mqtx_check:--ws-path) COMPREPLY=(); return 0 ;;
    mqtx_check:-M|mqtx_check:--max-inflight) COMPREPLY=(); return 0 ;;
    mqtx_check:--connect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_check:-o|mqtx_check:--options-file) _mqtx_files -f; return 0 ;;
    mqtx_check:--profile) COMPREPLY=(); return 0 ;;
    mqtx_check:-u|mqtx_check:--username) COMPREPLY=(); return 0 ;;
    mqtx_check:-P|mqtx_check:--pw) COMPREPLY=(); return 0 ;;
    mqtx_check:--password) COMPREPLY=(); return 0 ;;
    mqtx_check:--password-file) _mqtx_files -f; return 0 ;;
    mqtx_check:--will-topic) COMPREPLY=(); return 0 ;;
    mqtx_check:--will-payload) COMPREPLY=(); return 0 ;;
    mqtx_check:--will-qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_check:--cafile) _mqtx_files -f; return 0 ;;
    mqtx_check:--capath) _mqtx_files -d; return 0 ;;
    mqtx_check:--cert) _mqtx_files -f; return 0 ;;
    mqtx_check:--key) _mqtx_files -f; return 0 ;;
    mqtx_check:--tls-keylog) _mqtx_files -f; return 0 ;;
    mqtx_check:--tls-version) COMPREPLY=($(compgen -W 'tlsv1.3 tlsv1.2 tlsv1.1' -- "$cur")); return 0 ;;
    mqtx_check:--tls-alpn) COMPREPLY=(); return 0 ;;
    mqtx_check:--ciphers) COMPREPLY=(); return 0 ;;
    mqtx_check:--psk) COMPREPLY=(); return 0 ;;
    mqtx_check:--psk-identity) COMPREPLY=(); return 0 ;;
    mqtx_check:--servername) COMPREPLY=(); return 0 ;;
    mqtx_bridge:--from) COMPREPLY=(); return 0 ;;
    mqtx_bridge:--to) COMPREPLY=(); return 0 ;;
    mqtx_bridge:-t|mqtx_bridge:--topic) COMPREPLY=(); return 0 ;;
    mqtx_bridge:-q|mqtx_bridge:--qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_bridge:--to-qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_bridge:--rewrite) COMPREPLY=(); return 0 ;;
    mqtx_bridge:--prefix) COMPREPLY=(); return 0 ;;
    mqtx_bridge:--bridge-id) COMPREPLY=(); return 0 ;;
    mqtx_bridge:-C|mqtx_bridge:--count) COMPREPLY=(); return 0 ;;
    mqtx_bridge:-i|mqtx_bridge:--id) COMPREPLY=(); return 0 ;;
    mqtx_bridge:-k|mqtx_bridge:--keepalive) COMPREPLY=(); return 0 ;;
    mqtx_bridge:--connect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_bridge:--from-protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_bridge:--from-username) COMPREPLY=(); return 0 ;;
    mqtx_bridge:--from-password-file) _mqtx_files -f; return 0 ;;
    mqtx_bridge:--from-cafile) _mqtx_files -f; return 0 ;;
    mqtx_bridge:--from-cert) _mqtx_files -f; return 0 ;;
    mqtx_bridge:--from-key) _mqtx_files -f; return 0 ;;
    mqtx_bridge:--to-protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_bridge:--to-id) COMPREPLY=(); return 0 ;;
    mqtx_bridge:--to-username) COMPREPLY=(); return 0 ;;
    mqtx_bridge:--to-password-file) _mqtx_files -f; return 0 ;;
    mqtx_bridge:--to-cafile) _mqtx_files -f; return 0 ;;
    mqtx_bridge:--to-cert) _mqtx_files -f; return 0 ;;
    mqtx_bridge:--to-key) _mqtx_files -f; return 0 ;;
    mqtx_watch:-t|mqtx_watch:--topic) COMPREPLY=(); return 0 ;;
    mqtx_watch:-q|mqtx_watch:--qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_watch:--history) COMPREPLY=(); return 0 ;;
    mqtx_watch:--decode) COMPREPLY=($(compgen -W 'json text hex base64 protobuf sparkplug cbor msgpack avro gzip deflate' -- "$cur")); return 0 ;;
    mqtx_watch:--select) COMPREPLY=(); return 0 ;;
    mqtx_watch:--proto) _mqtx_files -f; return 0 ;;
    mqtx_watch:--type) COMPREPLY=(); return 0 ;;
    mqtx_watch:--schema) _mqtx_files -f; return 0 ;;
    mqtx_watch:-h|mqtx_watch:--host) COMPREPLY=(); return 0 ;;
    mqtx_watch:-p|mqtx_watch:--port) COMPREPLY=(); return 0 ;;
    mqtx_watch:-L|mqtx_watch:--url) COMPREPLY=(); return 0 ;;
    mqtx_watch:-i|mqtx_watch:--id) COMPREPLY=(); return 0 ;;
    mqtx_watch:-I|mqtx_watch:--id-prefix) COMPREPLY=(); return 0 ;;
    mqtx_watch:-k|mqtx_watch:--keepalive) COMPREPLY=(); return 0 ;;
    mqtx_watch:-V|mqtx_watch:--protocol-version) COMPREPLY=($(compgen -W '5 311 31 mqttv5 mqttv311 mqttv31' -- "$cur")); return 0 ;;
    mqtx_watch:-x|mqtx_watch:--session-expiry) COMPREPLY=(); return 0 ;;
    mqtx_watch:-D|mqtx_watch:--property) COMPREPLY=(); return 0 ;;
    mqtx_watch:-A|mqtx_watch:--bind-address) COMPREPLY=(); return 0 ;;
    mqtx_watch:--unix) _mqtx_files -f; return 0 ;;
    mqtx_watch:--proxy) COMPREPLY=(); return 0 ;;
    mqtx_watch:--ws-path) COMPREPLY=(); return 0 ;;
    mqtx_watch:-M|mqtx_watch:--max-inflight) COMPREPLY=(); return 0 ;;
    mqtx_watch:--connect-timeout) COMPREPLY=(); return 0 ;;
    mqtx_watch:-o|mqtx_watch:--options-file) _mqtx_files -f; return 0 ;;
    mqtx_watch:--profile) COMPREPLY=(); return 0 ;;
    mqtx_watch:-u|mqtx_watch:--username) COMPREPLY=(); return 0 ;;
    mqtx_watch:-P|mqtx_watch:--pw) COMPREPLY=(); return 0 ;;
    mqtx_watch:--password) COMPREPLY=(); return 0 ;;
    mqtx_watch:--password-file) _mqtx_files -f; return 0 ;;
    mqtx_watch:--will-topic) COMPREPLY=(); return 0 ;;
    mqtx_watch:--will-payload) COMPREPLY=(); return 0 ;;
    mqtx_watch:--will-qos) COMPREPLY=($(compgen -W '0 1 2' -- "$cur")); return 0 ;;
    mqtx_watch:--cafile) _mqtx_files -f; return 0 ;;
    mqtx_watch:--capath) _mqtx_files -d; return 0 ;;
    mqtx_watch:--cert) _mqtx_files -f; return 0 ;;
    mqtx_watch:--key) _mqtx_files -f; return 0 ;;
    mqtx_watch:--tls-keylog) _mqtx_files -f; return 0 ;;
    mqtx_watch:--tls-version) COMPREPLY=($(compgen -W 'tlsv1.3 tlsv1.2 tlsv1.1' -- "$cur")); return 0 ;;
    mqtx_watch:--tls-alpn) COMPREPLY=(); return 0 ;;
    mqtx_watch:--ciphers) COMPREPLY=(); return 0 ;;
    mqtx_watch:--psk) COMPREPLY=(); return 0 ;;
    mqtx_watch:--psk-identity) COMPREPLY=(); return 0 ;;
    mqtx_watch:--servername) COMPREPLY=(); return 0 ;;
  esac
  if [[ "$cur" == -* ]]; then
    v="_mqtx_opts_$key"
    COMPREPLY=($(compgen -W "${!v}" -- "$cur"))
    return 0
  fi
  v="_mqtx_argfiles_$key"
  if [ -n "${!v:-}" ]; then _mqtx_files -f; return 0; fi
  v="_mqtx_cmds_$key"
  w="_mqtx_args_$key"
  COMPREPLY=($(compgen -W "${!v} ${!w}" -- "$cur"))
  return 0
}

complete -F _mqtx mqtx
