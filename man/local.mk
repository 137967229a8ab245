# man/local.mk -- the manual pages (section 1), installed by `make install`.
dist_man_MANS += %reldir%/distcc.1
dist_man_MANS += %reldir%/distccd.1
dist_man_MANS += %reldir%/distccmon-text.1
dist_man_MANS += %reldir%/lsdistcc.1
dist_man_MANS += %reldir%/update-distcc-symlinks.1
dist_man_MANS += %reldir%/include_server.1
dist_man_MANS += %reldir%/pump.1
dist_man_MANS += %reldir%/distcc-report.1
