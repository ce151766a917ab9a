<#import "layout.ftl" as layout>
<#global footerNote = msg("mail.addressChanged.footer", list.name)>
${(subscriber.firstName?has_content)?then(msg("mail.helloName", subscriber.firstName!), msg("mail.hello"))}

${msg("mail.addressChanged.text", list.name, newEmailMasked, oldEmail)}

${msg("mail.addressChanged.notYou", baseUrl + "/")}

<@layout.footer/>
