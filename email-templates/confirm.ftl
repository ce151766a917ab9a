<#import "layout.ftl" as layout>
${(subscriber.firstName?has_content)?then(msg("mail.helloName", subscriber.firstName!), msg("mail.hello"))}

${msg("mail.confirm.text", list.name, subscriber.email)}

${confirmUrl}

${msg("mail.confirm.validity", validHours)}

<@layout.footer/>
