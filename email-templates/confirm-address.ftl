<#import "layout.ftl" as layout>
<#global footerNote = msg("mail.confirmAddress.footer", list.name)>
${(subscriber.firstName?has_content)?then(msg("mail.helloName", subscriber.firstName!), msg("mail.hello"))}

${msg("mail.confirmAddress.text", list.name, newEmail)}

${confirmUrl}

${msg("mail.confirmAddress.validity", validHours)}

<@layout.footer/>
